from django.urls import path

from home.consumers import PingConsumer

websocket_urlpatterns = [path("ws/ping/", PingConsumer.as_asgi())]
