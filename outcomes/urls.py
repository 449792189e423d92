from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("outcomes/", views.ledger, name="ledger"),
    path("outcomes/new/", views.record, name="record"),
    path("outcomes/review/", views.review, name="review"),
    path("outcomes/review.csv", views.review_csv, name="review_csv"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome"),
    path("outcomes/<int:pk>/edit/", views.edit, name="edit"),
    path("outcomes/evidence/<int:pk>/", views.evidence, name="evidence"),
]
