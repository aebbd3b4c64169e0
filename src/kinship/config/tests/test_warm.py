"""A server process compiles every template at start and keeps its heap out of the GC."""

from __future__ import annotations

import gc

from django.template import engines

from kinship.config import warm


def test_every_shipped_template_compiles_and_the_start_up_heap_is_frozen() -> None:
    names = warm.template_names()
    assert "web/base.html" in names
    assert "forums/partials/post.html" in names

    compiled = warm.warm_up()
    try:
        assert compiled == len(names) >= 60
        assert gc.get_freeze_count() > 10_000
        assert all(engines["django"].get_template(name) for name in names)
    finally:
        gc.unfreeze()
