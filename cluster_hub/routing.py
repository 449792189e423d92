"""All WebSocket routes of the site; each live app contributes its own `routing.py`."""

from events.routing import websocket_urlpatterns as events_urlpatterns
from home.routing import websocket_urlpatterns as home_urlpatterns
from matchmaking.routing import websocket_urlpatterns as matchmaking_urlpatterns

websocket_urlpatterns = [*home_urlpatterns, *events_urlpatterns, *matchmaking_urlpatterns]
