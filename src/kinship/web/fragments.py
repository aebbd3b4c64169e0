"""Rendered fragments kept in this process, keyed by every value they show.

A busy list renders the same row for many readers: a thread row, a post, the site header.
`{% keep a b c %}...{% endkeep %}` (in `kinship_web`) renders its body once for each
combination of the values named and keeps the HTML here. The values are the whole key,
so a change to anything the fragment shows makes a new key: nothing kept is ever stale,
and an old entry only waits to be pushed out. The block must show nothing else: no CSRF
token, no value from the context that is not in the key.

Unlike Django's `{% cache %}`, nothing is hashed, pickled or sent anywhere: a kept row
costs a dictionary lookup, which is what makes it worth keeping at all.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

_kept: OrderedDict[Hashable, SafeString] = OrderedDict()
_lock = threading.Lock()


def limit() -> int:
    return int(getattr(settings, "KINSHIP_KEPT_FRAGMENTS", 5000))


def keep(key: Hashable, render: Callable[[], str]) -> SafeString:
    """The kept HTML for `key`, rendering and keeping it the first time."""
    with _lock:
        found = _kept.get(key)
    if found is not None:
        return found
    html = mark_safe(render())  # noqa: S308  (a template's own output, escaped as it rendered)
    with _lock:
        _kept[key] = html
        while len(_kept) > limit():
            _kept.popitem(last=False)
    return html


def forget_all() -> None:
    with _lock:
        _kept.clear()


def kept_count() -> int:
    with _lock:
        return len(_kept)
