"""Template tags any feature app uses to show the crisis card.

    {% load safety_tags %}
    {% if result.needs_help_shown %}{% crisis_card result %}{% endif %}

``result`` is the `ScreenResult` that `screen_content` returned for what the person just
wrote (anything with ``level`` and ``holds_content`` will do).
"""

from __future__ import annotations

from typing import Any, Protocol

from django import template
from django.conf import settings
from django.utils.translation import get_language

from kinship.safety.actions.contact import MESSAGE_MAX_LENGTH
from kinship.safety.models import RiskLevel
from kinship.safety.plans import safety_plan_url_for
from kinship.safety.resources import crisis_resources_for

register = template.Library()


class ScreenedLevel(Protocol):
    @property
    def level(self) -> str: ...

    @property
    def holds_content(self) -> bool: ...


@register.inclusion_tag("safety/partials/crisis_card.html", takes_context=True)
def crisis_card(
    context: template.Context, result: ScreenedLevel, live: bool = True
) -> dict[str, Any]:
    """The crisis card for `result`: resources in order for its level, plan link, peer offer."""
    request = context.get("request")
    user = getattr(request, "user", None)
    level = result.level if result.level != RiskLevel.NONE else RiskLevel.CONCERN
    return {
        "live": live,
        "level": level,
        "is_imminent": level == RiskLevel.IMMINENT,
        "is_held": result.holds_content,
        "resources": crisis_resources_for(
            language=get_language() or settings.LANGUAGE_CODE, level=level
        ),
        "safety_plan_url": safety_plan_url_for(user),
        "can_ask_for_contact": bool(user is not None and user.is_authenticated),
        "next_url": request.get_full_path() if request is not None else "",
        "message_max_length": MESSAGE_MAX_LENGTH,
    }
