from django.urls import path

from translations import views

app_name = "translations"

urlpatterns = [
    path("translations/<str:key>/<int:pk>/", views.translation_overview, name="overview"),
    path(
        "translations/<str:key>/<int:pk>/<str:language>/",
        views.translation_edit,
        name="edit",
    ),
]
