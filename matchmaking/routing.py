"""WebSocket routes of the meetings: one socket per fair and reader (agenda or schedule)."""

from django.urls import path

from matchmaking.consumers import MeetingsConsumer

websocket_urlpatterns = [path("ws/meetings/<str:slug>/", MeetingsConsumer.as_asgi())]
