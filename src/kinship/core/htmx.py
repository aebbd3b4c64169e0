"""htmx helpers shared by every app's views."""

from __future__ import annotations

from django.http import HttpRequest


def pick_template(request: HttpRequest, full: str, partial: str) -> str:
    """The partial for an htmx request (`HtmxMiddleware` sets `request.htmx`), else the page."""
    return partial if getattr(request, "htmx", False) else full
