"""ASGI entry point: HTTP through Django, websockets through the Channels router."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.config.settings")
django_asgi_app = get_asgi_application()

from kinship.config.routing import build_application  # noqa: E402  (needs apps loaded)
from kinship.config.warm import warm_up  # noqa: E402  (needs apps loaded)

application = build_application(django_asgi_app)
warm_up()
