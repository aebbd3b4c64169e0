"""The notification kinds the forums send (members choose which also come by e-mail)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kinship.notifications.kinds import NotificationKind, register_kind

REPLY = "forums.reply"
NEW_THREAD = "forums.new_thread"
MENTION = "forums.mention"
MODERATION = "forums.moderation"


def register() -> None:
    register_kind(NotificationKind(REPLY, _("New replies in threads I follow")))
    register_kind(NotificationKind(NEW_THREAD, _("New threads on boards I follow")))
    register_kind(NotificationKind(MENTION, _("Someone mentions me in the forums")))
    register_kind(NotificationKind(MODERATION, _("Moderators' actions on my forum posts")))
