"""GET /meetings.json: our public Meeting Guide feed, for TSML UI, TSML and the app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from kinship.directory.feeds.exporter import feed_json, feed_records, public_meetings

CACHE_SECONDS = 300


@require_safe
def meetings_feed(request: HttpRequest) -> HttpResponse:
    """Every meeting anyone may see, as a JSON array (other sites' finders read it)."""
    response = HttpResponse(
        feed_json(feed_records(public_meetings())), content_type="application/json"
    )
    # Meeting finders on other sites fetch the feed from the browser.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
