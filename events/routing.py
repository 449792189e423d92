"""WebSocket routes of live events (realtime Q&A arrives with the live-events issue)."""

websocket_urlpatterns = []
