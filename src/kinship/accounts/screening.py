"""A hook for screening what members write on their profile, filled by the safety app.

Accounts sits below safety, so it cannot call safety's screener itself. Safety registers
one in its `AppConfig.ready()`; `update_profile` calls it, inside its transaction, with a
new bio. With nothing registered a bio is saved as it always was.

The screener also names the template that shows its result to the author (the crisis
card), so account pages can include it without knowing safety.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kinship.accounts.models import User


class ScreenedText(Protocol):
    """What a screener found: whether to hold the text, whether to show the author help."""

    @property
    def holds_content(self) -> bool: ...

    @property
    def needs_help_shown(self) -> bool: ...


class TextScreener(Protocol):
    def __call__(self, *, author: User, text: str) -> ScreenedText: ...


@dataclass(frozen=True)
class _Registration:
    screener: TextScreener
    help_template: str


_registration: _Registration | None = None


def register_text_screener(screener: TextScreener, *, help_template: str) -> None:
    """Screen new bios with `screener`; `help_template` shows its result (as ``result``)."""
    global _registration  # filled once, in AppConfig.ready()
    _registration = _Registration(screener=screener, help_template=help_template)


def screen_text(*, author: User, text: str) -> ScreenedText | None:
    """The registered screener's verdict on `text`, or None when none is registered."""
    if _registration is None:
        return None
    return _registration.screener(author=author, text=text)


def help_template() -> str:
    """The template that shows a screening result to its author ("" when none is registered)."""
    return _registration.help_template if _registration is not None else ""


# Content rules (contact details in public, solicitation): the checker returns the plain
# explanations to show on the form, and the bio is not saved until the member changes it.
TextRules = Callable[[str, bool], list[str]]
_rules: list[TextRules] = []


def register_text_rules(rules: TextRules) -> None:
    """Check new bios with `rules(text, is_public)`; filled once, in AppConfig.ready()."""
    _rules[:] = [rules]


def text_rule_problems(text: str, *, is_public: bool) -> list[str]:
    """What the registered rules say is wrong with `text` ([] when none is registered)."""
    return [problem for rules in _rules for problem in rules(text, is_public)]
