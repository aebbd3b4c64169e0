"""Profile bios: the member-written text accounts keeps, screened and held through safety.

Accounts sits below safety, so safety plugs in from above: `register()` (called from
`SafetyConfig.ready()`) gives accounts a screener for new bios and the template that shows
its author the crisis card, and registers the ``accounts.bio`` content kind the moderation
queue acts through. A bio's content id is its member's primary key, as a string.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _

from kinship.accounts import actions as account_actions
from kinship.accounts import queries as account_queries
from kinship.accounts.models import User
from kinship.accounts.screening import register_text_rules, register_text_screener
from kinship.notifications.actions import notify
from kinship.safety import kinds
from kinship.safety.actions.screening import ScreenResult, SourceRef, screen_content
from kinship.safety.content import ContentKind, register_content_kind
from kinship.safety.rules import check_content_rules

BIO_KIND = "accounts.bio"
HELP_TEMPLATE = "safety/partials/screening_help.html"


def screen_bio(*, author: User, text: str) -> ScreenResult:
    """Screen a new bio; when it is held, tell its author kindly that it waits for a moderator."""
    result = screen_content(
        author=author,
        text=text,
        source=SourceRef(BIO_KIND, str(author.pk), author.get_absolute_url()),
        channel="profile",
    )
    if result.holds_content:
        with override(author.preferred_language or get_language()):
            notify(
                recipient=author,
                kind=kinds.CONTENT_HELD,
                title=_("Your bio is waiting for a moderator"),
                body=_(
                    "Your words are saved. Other members will see your bio after a moderator "
                    "has looked at it. You did nothing wrong. If things feel hard right now, "
                    "“Get help now” at the top of every page lists people you can call or "
                    "text, day and night."
                ),
                url=reverse("accounts:profile"),
            )
    return result


def _member(content_id: str) -> User | None:
    if not content_id.isdigit():
        return None
    return User.objects.filter(pk=int(content_id)).first()


def bio_text(content_id: str) -> str | None:
    member = _member(content_id)
    if member is None or not member.bio:
        return None
    return member.bio


def bio_author_id(content_id: str) -> int | None:
    member = _member(content_id)
    return member.pk if member is not None else None


def can_view_bio(viewer: User, content_id: str) -> bool:
    member = _member(content_id)
    return member is not None and account_queries.can_see_bio(viewer=viewer, member=member)


def set_bio_held(content_id: str, is_held: bool) -> None:
    member = _member(content_id)
    if member is not None:
        account_actions.set_bio_held(user=member, is_held=is_held)


def hide_bio(content_id: str) -> None:
    """Hidden from others for good: held until the member writes a new bio (screened afresh)."""
    set_bio_held(content_id, True)


def replace_bio(content_id: str, text: str) -> None:
    member = _member(content_id)
    if member is not None:
        account_actions.replace_bio(user=member, bio=text)


def bio_url(content_id: str) -> str:
    member = _member(content_id)
    return member.get_absolute_url() if member is not None else ""


def bio_rule_problems(text: str, is_public: bool) -> list[str]:
    """The content rules' explanations for a bio (public when shown to other members)."""
    return [hit.explanation for hit in check_content_rules(text, is_public=is_public)]


def register() -> None:
    register_text_screener(screen_bio, help_template=HELP_TEMPLATE)
    register_text_rules(bio_rule_problems)
    register_content_kind(
        ContentKind(
            kind=BIO_KIND,
            label=gettext_lazy("Profile bio"),
            get_text=bio_text,
            get_author_id=bio_author_id,
            can_view=can_view_bio,
            set_held=set_bio_held,
            hide=hide_bio,
            replace_text=replace_bio,
            get_url=bio_url,
        )
    )
