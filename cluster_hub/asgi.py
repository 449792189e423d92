"""ASGI entry point: HTTP through Django, WebSockets through Channels' routers."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_hub.settings.dev")

# Django must be set up before anything imports models (consumers, routing).
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from cluster_hub import server_gc  # noqa: E402
from cluster_hub.routing import websocket_urlpatterns  # noqa: E402
from clusters.sockets import SessionAuth, TokenOrSessionAuth  # noqa: E402
from events.fanout import SocketWriterMiddleware  # noqa: E402

websocket_router = URLRouter(websocket_urlpatterns)

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SocketWriterMiddleware(
            TokenOrSessionAuth(
                websocket_router,
                AllowedHostsOriginValidator(SessionAuth(websocket_router)),
            )
        ),
    }
)

server_gc.tune()
