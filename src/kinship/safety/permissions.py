"""Who may see and act on alerts, the rota and the moderation queue.

- Alerts (and the words that raised them) are for the people on the rota and their
  supervisors. "On the rota" means a shift that has not ended or ended in the last
  `ROTA_RECENT_DAYS` days; supervisors are coordinators and admins. Everyone else gets 404.
- The rota is seen by moderators, peer supporters on it, and supervisors; shifts are added
  and removed by coordinators and admins, and by moderators and peer supporters for
  themselves.
- The moderation queue is for moderators, coordinators and admins. A group's facilitators
  moderate through their own app's pages, not this queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.accounts.models import Role, User
from kinship.safety.content import ContentKind, get_content_kind, is_registered
from kinship.safety.models import Alert, ModerationCase, Shift

ROTA_RECENT_DAYS = 30
SUPERVISOR_ROLES = frozenset({Role.COORDINATOR, Role.ADMIN})
MODERATOR_ROLES = frozenset({Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})
ROTA_ROLES = frozenset({Role.PEER_SUPPORTER, Role.MODERATOR, Role.COORDINATOR, Role.ADMIN})


def _active(user: Any) -> User | None:
    return user if isinstance(user, User) and user.is_active else None


def is_supervisor(user: Any) -> bool:
    member = _active(user)
    return member is not None and member.role in SUPERVISOR_ROLES


def is_on_rota(user: Any, *, now: Any = None) -> bool:
    """A current, future or recent shift, held by someone in a rota role."""
    member = _active(user)
    if member is None:
        return False
    if member.role not in ROTA_ROLES:
        return False
    since = (now or timezone.now()) - timedelta(days=ROTA_RECENT_DAYS)
    return Shift.objects.filter(person=member, ends_at__gt=since).exists()


def alert_responders(*, now: datetime | None = None) -> QuerySet[User]:
    """Everyone `can_see_alerts` lets in: supervisors and people on the rota."""
    since = (now or timezone.now()) - timedelta(days=ROTA_RECENT_DAYS)
    on_rota = Q(role__in=ROTA_ROLES, on_call_shifts__ends_at__gt=since)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role__in=SUPERVISOR_ROLES) | on_rota)
        .distinct()
        .order_by("handle")
    )


def can_see_alerts(user: Any) -> bool:
    return is_supervisor(user) or is_on_rota(user)


def access_alert_by_id(user: Any, alert_id: int) -> Alert:
    """The alert, or Http404 for anyone who is neither on the rota nor a supervisor."""
    if not can_see_alerts(user):
        raise Http404("No such alert")
    try:
        return Alert.objects.select_related("member", "assignee").get(pk=alert_id)
    except Alert.DoesNotExist:
        raise Http404("No such alert") from None


def check_see_rota_permission(user: Any) -> None:
    member = _active(user)
    if member is None:
        raise Http404("No such page")
    if member.role not in ROTA_ROLES:
        raise Http404("No such page")


def check_manage_shift_permission(*, actor: Any, person: User) -> None:
    """Supervisors manage anyone's shifts; rota roles manage their own."""
    member = _active(actor)
    if member is None:
        raise PermissionDenied(_("Sign in to change the rota."))
    if member.role not in ROTA_ROLES:
        raise PermissionDenied(_("Only the rota's members and coordinators can change the rota."))
    if person.role not in ROTA_ROLES:
        raise PermissionDenied(
            _("Only peer supporters, moderators and coordinators can be on call.")
        )
    if member.role in SUPERVISOR_ROLES:
        return
    if member.pk != person.pk:
        raise PermissionDenied(_("Only a coordinator can change someone else's shifts."))


def is_moderator(user: Any) -> bool:
    member = _active(user)
    return member is not None and member.role in MODERATOR_ROLES


def check_moderate_permission(user: Any) -> None:
    """The moderation queue answers 404 to everyone who is not a moderator."""
    if not is_moderator(user):
        raise Http404("No such page")


def access_case_by_id(user: Any, case_id: int) -> ModerationCase:
    check_moderate_permission(user)
    try:
        return ModerationCase.objects.select_related("author").get(pk=case_id)
    except ModerationCase.DoesNotExist:
        raise Http404("No such case") from None


def check_decide_permission(user: Any, case: ModerationCase) -> User:
    """Moderators decide about other people's content, never about their own."""
    check_moderate_permission(user)
    moderator: User = user
    if case.author_id is not None and case.author_id == moderator.pk:
        raise PermissionDenied(_("This is about something you wrote: another moderator decides."))
    return moderator


def check_suspend_permission(user: Any, member: User) -> User:
    """Moderators suspend members; a staff account is suspended only by an admin."""
    check_moderate_permission(user)
    moderator: User = user
    if member.pk == moderator.pk:
        raise PermissionDenied(_("You cannot suspend yourself."))
    if member.is_staff_role and moderator.role != Role.ADMIN:
        raise PermissionDenied(_("Only an admin can suspend a staff account."))
    return moderator


@dataclass(frozen=True)
class FlaggableContent:
    """A piece of content a member may flag, read through its app's content kind."""

    kind: ContentKind
    content_id: str
    text: str
    author_id: int | None
    url: str


def access_flaggable_content(user: Any, kind: str, content_id: str) -> FlaggableContent:
    """The content, or Http404 when it does not exist or this member may not see it."""
    member = _active(user)
    if member is None:
        raise Http404("No such content")
    if not is_registered(kind):
        raise Http404("No such content")
    content_kind = get_content_kind(kind)
    if not content_kind.can_view(member, content_id):
        raise Http404("No such content")
    text = content_kind.get_text(content_id)
    if text is None:
        raise Http404("No such content")
    url = content_kind.get_url(content_id) if content_kind.get_url else ""
    return FlaggableContent(
        kind=content_kind,
        content_id=content_id,
        text=text,
        author_id=content_kind.get_author_id(content_id),
        url=url,
    )


def check_flag_permission(user: Any, content: FlaggableContent) -> User:
    """Any active member flags what they can see, except what they wrote themselves."""
    member = _active(user)
    if member is None:
        raise PermissionDenied(_("Sign in to tell the moderators about this."))
    if content.author_id == member.pk:
        raise PermissionDenied(
            _("This is something you wrote. You can change or remove it yourself.")
        )
    return member
