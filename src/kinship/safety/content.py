"""What safety may do to content it does not own: a registry filled by each feature app.

Safety sits below the feature apps, so it never imports them. Each app that keeps
member-written text registers a `ContentKind` in its `AppConfig.ready()`; the moderation
queue reads the text, holds it from others, hides it or edits details out through it.
Content ids are strings so any primary key fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from kinship.accounts.models import User


@dataclass(frozen=True)
class ContentKind:
    """How safety reaches one kind of content (a forum post, a profile bio, ...)."""

    kind: str
    label: str | Promise
    get_text: Callable[[str], str | None]
    """The current text, or None when the content no longer exists."""
    get_author_id: Callable[[str], int | None]
    can_view: Callable[[User, str], bool]
    """Whether this member may see the content at all (for flagging)."""
    set_held: Callable[[str, bool], None]
    """Hold the content from everyone but its author (True) or release it (False)."""
    hide: Callable[[str], None]
    """Hide the content from everyone but its author and moderators, for good."""
    replace_text: Callable[[str, str], None]
    """Replace the text with a moderator's edit (details taken out)."""
    get_url: Callable[[str], str] | None = None
    """Where the content is read (for moderators, the author and alert responders)."""


_kinds: dict[str, ContentKind] = {}


def register_content_kind(kind: ContentKind) -> None:
    _kinds[kind.kind] = kind


def get_content_kind(kind: str) -> ContentKind:
    try:
        return _kinds[kind]
    except KeyError:
        raise LookupError(f"Unknown content kind {kind!r}; register it first") from None


def is_registered(kind: str) -> bool:
    return kind in _kinds


def all_content_kinds() -> list[ContentKind]:
    return sorted(_kinds.values(), key=lambda item: item.kind)
