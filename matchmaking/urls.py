from django.urls import path

from matchmaking import views

app_name = "matchmaking"

urlpatterns = [
    path("meetings/open/<int:event_id>/", views.open_for_event, name="open"),
    path("meetings/dashboard/", views.yearly_dashboard, name="yearly_dashboard"),
    path("meetings/calendar/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
    path("meetings/<str:slug>/", views.home, name="home"),
    path("meetings/<str:slug>/people/", views.people, name="people"),
    path("meetings/<str:slug>/people/<int:pk>/", views.person, name="person"),
    path("meetings/<str:slug>/requests/", views.requests, name="requests"),
    path("meetings/<str:slug>/agenda/", views.agenda, name="agenda"),
    path("meetings/<str:slug>/agenda.ics", views.agenda_ical, name="agenda_ical"),
    path("meetings/<str:slug>/manage/", views.manage, name="manage"),
    path("meetings/<str:slug>/manage/check-in/", views.checkin, name="checkin"),
    path("meetings/<str:slug>/manage/resources/", views.resources, name="resources"),
    path("meetings/<str:slug>/manage/table-signs/", views.table_signs, name="table_signs"),
    path("meetings/<str:slug>/manage/meetings.csv", views.export_csv, name="export_csv"),
    path("meetings/<str:slug>/manage/meetings.xlsx", views.export_xlsx, name="export_xlsx"),
    path("meetings/request/<int:pk>/answer/", views.answer, name="answer"),
    path("meetings/request/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("meetings/request/<int:pk>/pick/", views.pick, name="pick"),
    path("meetings/meeting/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/meeting/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/follow-up/<int:pk>/", views.follow_up, name="follow_up"),
    path("meetings/meeting/<int:pk>/move/", views.move, name="move"),
    path("meetings/meeting/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("buyers/join/", views.become_buyer, name="become_buyer"),
    path("buyers/verification/", views.buyer_verification, name="buyer_verification"),
    path("inquiries/", views.inquiries, name="inquiries"),
    path("inquiries/overview/", views.inquiry_overview, name="inquiry_overview"),
    path("inquiries/<int:pk>/", views.inquiry_detail, name="inquiry"),
    path("inquiries/files/<int:pk>/", views.inquiry_attachment, name="inquiry_attachment"),
    path("directory/organisations/<str:slug>/inquiry/", views.inquiry_new, name="inquiry_new"),
]
