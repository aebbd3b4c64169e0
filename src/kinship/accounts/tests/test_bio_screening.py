"""The bio screening hook in accounts, on its own: what a registered screener changes, and
that nothing changes without one. (Safety's own screener is tested in kinship.safety.)"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from kinship.accounts import actions, queries, screening
from kinship.accounts.models import User
from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_rows
from kinship.core.audit import AuditAction

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Verdict:
    holds_content: bool
    needs_help_shown: bool


class WordScreener:
    """Holds any bio with the word "HOLD" and asks for help on "HELP"; remembers its calls."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def __call__(self, *, author, text):
        self.seen.append((author.handle, text))
        return Verdict(holds_content="HOLD" in text, needs_help_shown="HELP" in text)


@pytest.fixture
def screener(monkeypatch):
    monkeypatch.setattr(screening, "_registration", None)
    word_screener = WordScreener()
    screening.register_text_screener(word_screener, help_template="test/help.html")
    return word_screener


@pytest.fixture
def member():
    return make_user(handle="birch", bio="", show_bio=True)


def test_with_no_screener_a_bio_is_saved_as_always(monkeypatch, member):
    monkeypatch.setattr(screening, "_registration", None)

    update = actions.update_profile(user=member, changes={"bio": "HOLD HELP"})

    member.refresh_from_db()
    assert (member.bio, member.bio_is_held) == ("HOLD HELP", False)
    assert update.bio_screening is None
    assert update.needs_help_shown is False
    assert screening.help_template() == ""


def test_a_new_bio_goes_through_the_screener(screener, member):
    update = actions.update_profile(user=member, changes={"bio": "Hello HELP"})

    assert screener.seen == [("birch", "Hello HELP")]
    assert update.needs_help_shown is True
    assert screening.help_template() == "test/help.html"


def test_an_unchanged_or_empty_bio_is_not_screened(screener, member):
    actions.update_profile(user=member, changes={"pronouns": "they/them"})
    actions.update_profile(user=member, changes={"bio": "   "})

    assert screener.seen == []


def test_a_held_bio_is_hidden_from_others_and_the_hold_is_audited(screener, member):
    actions.update_profile(user=member, changes={"bio": "please HOLD"})
    other = make_user()

    member.refresh_from_db()
    assert member.bio_is_held is True
    assert queries.public_profile(viewer=other, handle="birch").bio is None
    own = queries.public_profile(viewer=member, handle="birch")
    assert (own.bio, own.bio_is_held) == ("please HOLD", True)
    assert audit_rows(AuditAction.PROFILE_UPDATED)[-1].data["fields"] == ["bio", "bio_is_held"]


def test_a_failed_save_leaves_no_hold(screener, member, assert_unchanged):
    with assert_unchanged(User), pytest.raises(ValidationError):
        actions.update_profile(
            user=member, changes={"bio": "HOLD", "time_zone": "Mars/Olympus_Mons"}
        )

    assert screener.seen == []
