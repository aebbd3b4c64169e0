"""ASGI entry point: HTTP through Django, websockets through the Channels router."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.config.settings")
django.setup(set_prefix=False)

from kinship.config.handler import KinshipASGIHandler  # noqa: E402  (needs apps loaded)
from kinship.config.routing import build_application  # noqa: E402  (needs apps loaded)
from kinship.config.warm import warm_up  # noqa: E402  (needs apps loaded)

django_asgi_app = KinshipASGIHandler()
application = build_application(django_asgi_app)
warm_up()
