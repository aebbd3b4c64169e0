"""Values every page needs: the organisation's name, help resources, the quick-exit target."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from kinship.safety.resources import help_resources_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "org_name": settings.KINSHIP_ORG_NAME,
        "quick_exit_url": settings.KINSHIP_QUICK_EXIT_URL,
        "help_resources": help_resources_for(getattr(request, "LANGUAGE_CODE", "en")),
    }
