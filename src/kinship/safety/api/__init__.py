"""The safety app's API: alerts and the rota for the people on it, flags and moderation."""

from ninja import Router

from kinship.accounts.auth import api_auth
from kinship.safety.api.alerts import router as alerts_router
from kinship.safety.api.moderation import router as moderation_router
from kinship.safety.api.rota import router as rota_router

router = Router(auth=api_auth)
router.add_router("/", alerts_router)
router.add_router("/", rota_router)
router.add_router("/", moderation_router)
