"""Values every page needs: the organisation's name, help resources, the quick-exit target."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from kinship.safety.resources import help_resources_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "org_name": settings.KINSHIP_ORG_NAME,
        "quick_exit_url": settings.KINSHIP_QUICK_EXIT_URL,
        # What the header's kept fragment depends on besides the language.
        "help_configuration": settings.KINSHIP_HELP_RESOURCES,
        # Worked out only if a page shows it (the header is usually a kept fragment).
        "help_resources": SimpleLazyObject(
            partial(help_resources_for, getattr(request, "LANGUAGE_CODE", "en"))
        ),
    }
