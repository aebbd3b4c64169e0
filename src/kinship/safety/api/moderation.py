"""API: moderation."""

from ninja import Router

from kinship.accounts.auth import api_auth

router = Router(tags=["safety"], auth=api_auth)
