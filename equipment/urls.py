from django.urls import path

from equipment import views

app_name = "equipment"

urlpatterns = [
    path("equipment/", views.catalogue, name="catalogue"),
    path("equipment/<int:pk>/", views.detail, name="detail"),
    path("equipment/bookings/", views.my_bookings, name="my_bookings"),
    path("equipment/bookings.ics", views.my_bookings_ical, name="my_bookings_ical"),
    path("equipment/calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("equipment/approvals/", views.approvals, name="approvals"),
    path("equipment/bookings/<int:pk>/decide/", views.booking_decide, name="booking_decide"),
    path("equipment/bookings/<int:pk>/cancel/", views.booking_cancel, name="booking_cancel"),
]
