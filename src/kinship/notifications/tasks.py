"""Background work: e-mail delivery of notifications."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kinship.notifications.models import Notification


@task()
def send_notification_email(*, notification_id: int) -> bool:
    """Send one notification by e-mail; returns False when it no longer applies."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or not notification.recipient.email:
        return False
    recipient = notification.recipient
    with translation.override(recipient.preferred_language or settings.LANGUAGE_CODE):
        lines = [notification.body] if notification.body else []
        if notification.url:
            link = settings.KINSHIP_SITE_URL + notification.url
            lines.append(_("Open it here: %(url)s") % {"url": link})
        lines.append("")
        lines.append(
            _(
                "You get this e-mail because you chose it in your settings. "
                "You can turn it off there."
            )
        )
        message = EmailMessage(
            subject=f"[{settings.KINSHIP_ORG_NAME}] {notification.title}",
            body="\n".join(lines),
            to=[recipient.email],
        )
    message.send()
    return True
