"""Ready a server process before its first request, and keep its heap out of the collector.

A long-lived process holds some 150,000 objects from start-up (modules, URL patterns,
compiled templates). Python's full garbage collection walks all of them, which stops the
process for tens of milliseconds, every few thousand requests: the slowest one in a
hundred replies waits for it. So the server compiles Kinship's templates and URL patterns
at start, then `gc.freeze()` moves everything alive into a generation the collector never
walks; later collections look only at what requests create.
"""

from __future__ import annotations

import gc
from pathlib import Path

from django.template import engines
from django.urls import get_resolver

_SOURCE = Path(__file__).resolve().parent.parent


def template_names() -> list[str]:
    """Every template Kinship ships, by the name pages load it with."""
    names = []
    for path in sorted(_SOURCE.glob("*/templates/**/*.html")):
        parts = path.parts
        names.append("/".join(parts[parts.index("templates") + 1 :]))
    return names


def warm_up() -> int:
    """Compile the URL patterns and every template, then freeze the heap. Returns how many
    templates were compiled."""
    get_resolver().url_patterns  # noqa: B018  (loading them is the point)
    engine = engines["django"]
    for name in template_names():
        engine.get_template(name)
    gc.collect()
    gc.freeze()
    return len(template_names())
