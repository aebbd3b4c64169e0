"""The notification kinds the safety app sends."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kinship.notifications.kinds import NotificationKind, register_kind

ALERT = "safety.alert"
ROTA_HOLE = "safety.rota_hole"
CONTENT_HELD = "safety.content_held"
MODERATION = "safety.moderation"
CONTACT = "safety.contact"


def register() -> None:
    # Alert e-mails carry no member's words, only that an alert waits and where.
    register_kind(
        NotificationKind(ALERT, _("Safety alerts while I am on call"), is_email_required=True)
    )
    register_kind(
        NotificationKind(ROTA_HOLE, _("Gaps in the on-call rota"), is_email_required=True)
    )
    register_kind(NotificationKind(CONTENT_HELD, _("Something I wrote is waiting for a moderator")))
    register_kind(NotificationKind(MODERATION, _("Moderators' decisions about what I wrote")))
    register_kind(NotificationKind(CONTACT, _("A peer supporter reaching out to me")))
