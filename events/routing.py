"""WebSocket routes of live events: one live room per session."""

from django.urls import path

from events.consumers import LiveRoomConsumer

websocket_urlpatterns = [path("ws/live/<int:session_id>/", LiveRoomConsumer.as_asgi())]
