"""Kept fragments: rendered once per combination of the values they show, never stale."""

from __future__ import annotations

from functools import partial

import pytest
from django.template import Context, Template
from django.test import override_settings

from kinship.web import fragments


@pytest.fixture(autouse=True)
def _empty() -> None:
    fragments.forget_all()


def test_a_fragment_is_rendered_once_per_key() -> None:
    renders: list[str] = []

    def render(text: str) -> str:
        renders.append(text)
        return f"<p>{text}</p>"

    assert fragments.keep(("row", 1), lambda: render("one")) == "<p>one</p>"
    assert fragments.keep(("row", 1), lambda: render("again")) == "<p>one</p>"
    assert fragments.keep(("row", 2), lambda: render("two")) == "<p>two</p>"
    assert renders == ["one", "two"]


@override_settings(KINSHIP_KEPT_FRAGMENTS=2)
def test_the_oldest_fragments_make_room_for_new_ones() -> None:
    for number in range(5):
        fragments.keep(("row", number), partial(str, number))
    assert fragments.kept_count() == 2
    assert fragments.keep(("row", 0), lambda: "made again") == "made again"


def test_the_tag_keys_on_every_value_named_so_a_change_shows_at_once() -> None:
    template = Template(
        '{% load kinship_web %}{% keep "title" thread.title count %}'
        "<h2>{{ thread.title }} ({{ count }})</h2>{% endkeep %}"
    )
    first = template.render(Context({"thread": {"title": "Day 3"}, "count": 1}))
    renamed = template.render(Context({"thread": {"title": "Day 4"}, "count": 1}))
    counted = template.render(Context({"thread": {"title": "Day 4"}, "count": 2}))
    assert (first, renamed, counted) == (
        "<h2>Day 3 (1)</h2>",
        "<h2>Day 4 (1)</h2>",
        "<h2>Day 4 (2)</h2>",
    )


def test_the_tag_escapes_as_the_template_does_and_takes_unhashable_values() -> None:
    template = Template('{% load kinship_web %}{% keep "x" config %}{{ text }}{% endkeep %}')
    html = template.render(Context({"config": {"en": ["a"]}, "text": "<script>"}))
    assert html == "&lt;script&gt;"


def test_the_tag_needs_a_name_and_a_value() -> None:
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template('{% load kinship_web %}{% keep "x" %}{% endkeep %}')
