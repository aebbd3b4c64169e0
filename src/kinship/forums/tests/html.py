"""Read rendered HTML back so tests can assert on its tags, attributes and depth."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from kinship.forums.rendering import POST_TAGS

VOID_TAGS = frozenset({"br", "hr"})
SAFE_HREF = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)


@dataclass
class Shape:
    tags: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str, str | None]] = field(default_factory=list)
    max_depth: int = 0


class _ShapeParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.shape = Shape()
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape.tags.append(tag)
        self.shape.attributes.extend((tag, name, value) for name, value in attrs)
        if tag not in VOID_TAGS:
            self.depth += 1
            self.shape.max_depth = max(self.shape.max_depth, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS:
            self.depth -= 1


def shape_of(html: str) -> Shape:
    parser = _ShapeParser()
    parser.feed(html)
    parser.close()
    return parser.shape


def assert_nothing_executable(html: str) -> None:
    """Fail unless `html` holds only post tags, harmless attributes and web or mail links."""
    lowered = html.lower()
    for marker in ("<script", "<style", "<iframe", "<svg", "<math", "<img", "<object"):
        assert marker not in lowered, html
    shape = shape_of(html)
    assert set(shape.tags) <= POST_TAGS, html
    for tag, name, value in shape.attributes:
        assert not name.startswith("on"), html
        assert (tag, name) in {("a", "href"), ("a", "title"), ("a", "rel")}, html
        if name == "href":
            assert value is not None, html
            assert SAFE_HREF.match(value), html
