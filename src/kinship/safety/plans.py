"""Where a member's own safety plan lives, so the crisis card can link to it.

Safety sits below the feature apps and keeps no plans itself. The app that does (recovery
tools) registers one provider in its `AppConfig.ready()`; until then the card shows no
plan link.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kinship.accounts.models import User

logger = logging.getLogger(__name__)

SafetyPlanUrlProvider = Callable[[User], str | None]
"""Given a member, the URL of their safety plan, or None when they have none."""

_provider: SafetyPlanUrlProvider | None = None


def register_safety_plan_url(provider: SafetyPlanUrlProvider) -> None:
    """Name the function that finds a member's safety plan (the last one registered wins)."""
    global _provider  # filled once, in AppConfig.ready()
    _provider = provider


def safety_plan_url_for(user: object) -> str | None:
    """The URL of `user`'s own safety plan, or None (no plan, no provider, not signed in).

    A provider that fails is logged and treated as "no plan": the crisis card around the
    link must always render.
    """
    if _provider is None:
        return None
    if not isinstance(user, User):
        return None
    try:
        return _provider(user) or None
    except Exception:
        logger.exception("The safety plan provider failed; showing the card without a link")
        return None
