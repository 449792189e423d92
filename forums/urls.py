from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("forum/pitches/", views.my_pitches, name="mine"),
    path("forum/dashboard/", views.dashboard, name="dashboard"),
    path("forum/dashboard.csv", views.dashboard_csv, name="dashboard_csv"),
    path("forum/editions/<int:edition_pk>/pitch/", views.pitch_create, name="pitch_create"),
    path("forum/editions/<int:edition_pk>/manage/", views.manage, name="manage"),
    path(
        "forum/editions/<int:edition_pk>/suggestions/",
        views.apply_suggestions,
        name="apply_suggestions",
    ),
    path("forum/editions/<int:edition_pk>/review-phase/", views.review_phase, name="review_phase"),
    path("forum/editions/<int:edition_pk>/programme/", views.programme_build, name="programme"),
    path("forum/pitches/<int:pk>/", views.pitch_detail, name="pitch_detail"),
    path(
        "forum/pitches/<int:pk>/programme/",
        views.pitch_in_programme,
        name="pitch_in_programme",
    ),
    path("forum/pitches/<int:pk>/edit/", views.pitch_edit, name="pitch_edit"),
    path("forum/pitches/<int:pk>/deck/", views.pitch_deck_upload, name="pitch_deck_upload"),
    path("forum/pitches/<int:pk>/deck/download/", views.pitch_deck, name="pitch_deck"),
    path("forum/pitches/<int:pk>/submit/", views.pitch_submit, name="pitch_submit"),
    path("forum/pitches/<int:pk>/withdraw/", views.pitch_withdraw, name="pitch_withdraw"),
    path("forum/pitches/<int:pk>/confirm/", views.pitch_confirm, name="pitch_confirm"),
    path("forum/pitches/<int:pk>/review/", views.review, name="review"),
    path("forum/pitches/<int:pk>/assign/", views.assign, name="assign"),
    path("forum/pitches/<int:pk>/decide/", views.decide, name="decide"),
    path("forum/pitches/<int:pk>/presented/", views.presented, name="presented"),
    path("forum/pitches/<int:pk>/outcomes/", views.outcome_add, name="outcome_add"),
    path("forum/assignments/<int:pk>/remove/", views.unassign, name="unassign"),
]
