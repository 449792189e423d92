from django.urls import path

from events import views

app_name = "events"

# The event pages themselves are Wagtail pages with their own routes (see EventPage).
urlpatterns = [
    path("events/questions/<int:pk>/answer/", views.answer_question, name="answer_question"),
]
