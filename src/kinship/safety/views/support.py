"""Support pages for members: ask a peer supporter to reach out."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from kinship.accounts.models import User
from kinship.core.htmx import pick_template
from kinship.safety.actions import contact
from kinship.safety.models import RiskLevel
from kinship.safety.resources import crisis_resources_for


class ContactRequestForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Anything you want them to know"),
        required=False,
        max_length=contact.MESSAGE_MAX_LENGTH,
    )


def _member(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # noqa: S101  (login_required guarantees it)
    return user


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _resources() -> list[dict[str, str]]:
    return crisis_resources_for(
        language=get_language() or settings.LANGUAGE_CODE, level=RiskLevel.CONCERN
    )


def _sent_message(resources: list[dict[str, str]]) -> str:
    text = _(
        "Thank you for asking. A peer supporter will reach out to you here as soon as they "
        "can, and you will get a notification."
    )
    lines = [resource for resource in resources if resource["kind"] != "emergency"]
    if lines:
        text += " " + _("While you wait, %(name)s is there day and night.") % {
            "name": lines[0]["name"]
        }
    return text


@login_required
def request_contact(request: HttpRequest) -> HttpResponse:
    """The crisis card's offer, and the same form as a page of its own (from Get help)."""
    member = _member(request)
    form = ContactRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        contact.request_contact(
            member=member,
            message=form.cleaned_data["message"],
            level=contact.recent_level_for(member=member),
        )
        resources = _resources()
        if getattr(request, "htmx", False):
            return render(request, "safety/partials/contact_sent.html", {"resources": resources})
        messages.success(request, _sent_message(resources))
        return redirect(_safe_next(request) or "safety:request-contact")
    context = {
        "form": form,
        "next_url": request.get_full_path(),
        "message_max_length": contact.MESSAGE_MAX_LENGTH,
        "resources": _resources(),
    }
    template = pick_template(
        request, "safety/support/contact.html", partial="safety/partials/contact_offer.html"
    )
    return render(request, template, context, status=400 if form.errors else 200)
