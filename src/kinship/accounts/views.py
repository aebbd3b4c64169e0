"""Account pages: my profile, others' public profiles, API tokens, the staff MFA gate."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.accounts import actions, permissions, queries, screening
from kinship.accounts.forms import ProfileForm, TokenForm
from kinship.accounts.middleware import user_has_mfa
from kinship.accounts.models import User
from kinship.core.htmx import pick_template


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = ProfileForm(request.POST or None, user=member)
    context: dict[str, Any] = {"form": form, "member": member}
    if request.method == "POST" and form.is_valid():
        try:
            update = actions.update_profile(user=member, changes=form.changes())
        except ValidationError as error:
            form.add_error("handle", error)
        else:
            if not update.needs_help_shown and not getattr(request, "htmx", False):
                messages.success(request, _("Your profile is saved."))
                return redirect("accounts:profile")
            # Answered in place, never by a redirect: when the screener found the author may
            # be struggling, the help is on the very page that answers the save.
            context = {
                "form": ProfileForm(user=update.user),
                "member": update.user,
                "is_saved": True,
                "screening": update.bio_screening if update.needs_help_shown else None,
                "help_template": screening.help_template(),
            }
    template = pick_template(
        request, "accounts/profile/index.html", partial="accounts/profile/index.html#profile"
    )
    return render(request, template, context)


@login_required
def person(request: HttpRequest, handle: str) -> HttpResponse:
    shown = queries.public_profile(viewer=_member(request), handle=handle)
    languages = [queries.language_name(code) for code in shown.languages or []]
    return render(
        request,
        "accounts/people/detail.html",
        {"person": shown, "language_names": languages},
    )


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, secret = actions.create_token(user=member, name=form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error.message_dict.get("name", error.messages))
        else:
            form = TokenForm()
    context = {
        "form": form,
        "tokens": queries.list_live_tokens(user=member),
        "secret": secret,
    }
    return render(request, "accounts/tokens/index.html", context)


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    member = _member(request)
    token = permissions.access_own_token(user=member, token_id=token_id)
    actions.revoke_token(actor=member, token=token)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("accounts:tokens")


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    context = {"is_staff_role": member.is_staff_role, "has_mfa": user_has_mfa(member)}
    return render(request, "accounts/security/mfa_required.html", context)


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    if not member.is_staff_role:
        raise PermissionDenied
    return render(request, "accounts/staff/index.html", {"member": member})
