"""The member's privacy page: who sees what, download my data, delete my account."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.privacy import actions, queries
from kinship.privacy.forms import DeleteAccountForm, GrantConsentForm, RevokeConsentForm
from kinship.privacy.models import SCOPE_DESCRIPTIONS
from kinship.privacy.permissions import access_consent_grant

TEMPLATE = "privacy/settings/index.html"


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _render_page(
    request: HttpRequest,
    *,
    grant_form: GrantConsentForm | None = None,
    delete_form: DeleteAccountForm | None = None,
) -> HttpResponse:
    member = request.user
    grants = list(queries.list_consent_grants(member=member))
    context: dict[str, Any] = {
        "active_grants": [grant for grant in grants if grant.is_active],
        "past_grants": [grant for grant in grants if not grant.is_active],
        "scope_descriptions": SCOPE_DESCRIPTIONS,
        "grant_form": grant_form or GrantConsentForm(member=member),
        "delete_form": delete_form or DeleteAccountForm(),
        "pending_deletion": queries.pending_deletion_request(member=member),
        "grace_days": settings.KINSHIP_ACCOUNT_DELETION_GRACE_DAYS,
    }
    return render(request, TEMPLATE, context)


@login_required
def privacy_settings(request: HttpRequest) -> HttpResponse:
    return _render_page(request)


@login_required
@require_POST
def grant_consent(request: HttpRequest) -> HttpResponse:
    form = GrantConsentForm(request.POST, member=request.user)
    if form.is_valid():
        try:
            actions.grant_consent(
                member=request.user,
                scope=form.cleaned_data["scope"],
                grantee_user=form.cleaned_data["grantee_user"],
                grantee_role=form.cleaned_data["grantee_role"],
                reason=form.cleaned_data["reason"],
                ip_address=_client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved. You can stop sharing at any time."))
            return redirect("privacy:settings")
    return _render_page(request, grant_form=form)


@login_required
@require_POST
def revoke_consent(request: HttpRequest, grant_id: int) -> HttpResponse:
    grant = access_consent_grant(request.user, grant_id)
    form = RevokeConsentForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        actions.revoke_consent(
            grant=grant, by=request.user, reason=reason, ip_address=_client_ip(request)
        )
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("Done. They can no longer see it."))
    return redirect("privacy:settings")


@login_required
@require_POST
def download_data(request: HttpRequest) -> HttpResponse:
    archive = actions.build_export(member=request.user, ip_address=_client_ip(request))
    filename = f"my-data-{timezone.now():%Y-%m-%d}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def request_deletion(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST)
    if form.is_valid():
        try:
            actions.request_account_deletion(
                member=request.user,
                keep_posts_anonymised=form.keep_posts_anonymised,
                reason=form.cleaned_data["reason"],
                ip_address=_client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("We got your request. You can still change your mind."))
            return redirect("privacy:settings")
    return _render_page(request, delete_form=form)


@login_required
@require_POST
def cancel_deletion(request: HttpRequest) -> HttpResponse:
    try:
        actions.cancel_account_deletion(member=request.user, ip_address=_client_ip(request))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, _("Good. Your account will not be deleted."))
    return redirect("privacy:settings")
