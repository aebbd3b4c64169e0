"""The notifications page: list, mark read, and e-mail choices."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.accounts.models import User
from kinship.core.htmx import pick_template
from kinship.notifications import actions, queries
from kinship.notifications.kinds import all_kinds
from kinship.notifications.models import EmailPreference


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (login_required guarantees it)
    return user


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    page = Paginator(queries.list_notifications(user=user), 25).get_page(request.GET.get("page"))
    enabled = set(
        EmailPreference.objects.filter(user=user, is_enabled=True).values_list("kind", flat=True)
    )
    kinds = [(kind, kind.code in enabled) for kind in all_kinds() if kind.is_email_allowed]
    template = pick_template(
        request, "notifications/list.html", partial="notifications/list.html#items"
    )
    return render(request, template, {"page": page, "kinds": kinds, "has_email": bool(user.email)})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = actions.mark_read(user=_member(request))
    messages.success(request, _("Marked %(count)d as read.") % {"count": count})
    return redirect("notifications:list")


@login_required
@require_POST
def update_email_preferences(request: HttpRequest) -> HttpResponse:
    user = _member(request)
    chosen = set(request.POST.getlist("kinds"))
    for kind in all_kinds():
        if kind.is_email_allowed:
            actions.set_email_preference(user=user, kind=kind.code, is_enabled=kind.code in chosen)
    messages.success(request, _("Your e-mail choices are saved."))
    return redirect("notifications:list")
