"""The Ninja API object; each app's router is mounted here.

Every operation needs a personal token (bearer) or a signed-in session (with CSRF), except the
directory's public reads (meeting search, meetings, groups), which anyone may call. Docs are
served from Ninja's own static files (`ninja` is in INSTALLED_APPS): /api/v1/docs and
/api/v1/openapi.json.
"""

from ninja import NinjaAPI

from kinship.accounts.api import router as accounts_router
from kinship.accounts.auth import api_auth
from kinship.directory.api import router as directory_router
from kinship.forums.api import router as forums_router
from kinship.notifications.api import router as notifications_router
from kinship.safety.api import router as safety_router

api = NinjaAPI(
    title="Kinship API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", accounts_router)
api.add_router("/", notifications_router)
api.add_router("/", directory_router)
api.add_router("/", safety_router)
api.add_router("/forums", forums_router)
