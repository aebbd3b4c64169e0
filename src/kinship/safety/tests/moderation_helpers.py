"""A small content kind for moderation tests: posts kept in a dict, registered per test.

Safety never owns content, so the tests stand in for a feature app: `Posts` keeps each
post's text, author, and whether it is held or hidden, and answers `can_view` the way a
forum would (held and hidden posts are for their author and the moderators only).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from kinship.accounts.models import User
from kinship.safety import content
from kinship.safety.actions.screening import SourceRef
from kinship.safety.content import ContentKind
from kinship.safety.permissions import is_moderator

KIND = "tests.post"


@dataclass
class Post:
    text: str
    author_id: int
    is_held: bool = False
    is_hidden: bool = False


@dataclass
class Posts:
    items: dict[str, Post] = field(default_factory=dict)

    def add(self, author: User, text: str, *, is_held: bool = False) -> str:
        post_id = str(len(self.items) + 1)
        self.items[post_id] = Post(text=text, author_id=author.pk, is_held=is_held)
        return post_id

    def source(self, post_id: str) -> SourceRef:
        return SourceRef(kind=KIND, id=post_id, url=self.url(post_id))

    # The ContentKind callables --------------------------------------------------------

    def get_text(self, post_id: str) -> str | None:
        post = self.items.get(post_id)
        return post.text if post else None

    def get_author_id(self, post_id: str) -> int | None:
        post = self.items.get(post_id)
        return post.author_id if post else None

    def can_view(self, viewer: Any, post_id: str) -> bool:
        post = self.items.get(post_id)
        if post is None:
            return False
        if getattr(viewer, "pk", None) == post.author_id or is_moderator(viewer):
            return True
        return not post.is_held and not post.is_hidden

    def set_held(self, post_id: str, is_held: bool) -> None:
        self.items[post_id].is_held = is_held

    def hide(self, post_id: str) -> None:
        self.items[post_id].is_hidden = True

    def replace_text(self, post_id: str, text: str) -> None:
        self.items[post_id].text = text

    def url(self, post_id: str) -> str:
        return f"/forums/posts/{post_id}/"

    def kind(self) -> ContentKind:
        return ContentKind(
            kind=KIND,
            label="Forum post",
            get_text=self.get_text,
            get_author_id=self.get_author_id,
            can_view=self.can_view,
            set_held=self.set_held,
            hide=self.hide,
            replace_text=self.replace_text,
            get_url=self.url,
        )


def register_posts(monkeypatch: pytest.MonkeyPatch) -> Posts:
    """A fresh `Posts` registered as the `tests.post` kind for one test."""
    posts = Posts()
    monkeypatch.setitem(content._kinds, KIND, posts.kind())
    return posts
