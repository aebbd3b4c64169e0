"""The Channels router: every app's websocket routes behind session authentication."""

from __future__ import annotations

from typing import Any

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator

from kinship.forums.routing import websocket_urlpatterns as forum_routes
from kinship.notifications.routing import websocket_urlpatterns as notification_routes


def build_application(http_app: Any) -> Any:
    websocket_routes = [*notification_routes, *forum_routes]
    return ProtocolTypeRouter(
        {
            "http": http_app,
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter(websocket_routes))
            ),
        }
    )
