from channels.generic.websocket import AsyncJsonWebsocketConsumer


class PingConsumer(AsyncJsonWebsocketConsumer):
    """Health check for the WebSocket path (proxy, origin check and session auth end to end)."""

    async def connect(self):
        await self.accept()

    async def receive_json(self, content, **kwargs):
        user = self.scope.get("user")
        await self.send_json(
            {
                "type": "pong",
                "authenticated": bool(user and user.is_authenticated),
                "echo": content.get("echo") if isinstance(content, dict) else None,
            }
        )
