"""Small template helpers for forum pages."""

from __future__ import annotations

from datetime import datetime

from django import template

from kinship.forums import timing

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    """ "just now", "5 minutes ago", "2 days ago": plain and free of time zones."""
    return timing.ago(moment)
