"""Moderation pages: the queue and one case (staff), and the flag form (every member).

The queue and cases answer 404 to everyone but moderators, coordinators and admins, who
need an authenticator app first, as on every staff page. Each decision form asks for the
words the member will be told, filled in with a kind default.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.accounts.models import User
from kinship.core.htmx import pick_template
from kinship.safety import permissions, queue
from kinship.safety.actions import decisions, suspensions
from kinship.safety.actions import moderation as actions
from kinship.safety.models import (
    CaseStatus,
    DecisionAction,
    FlagReason,
    ModerationCase,
    RiskLevel,
    Suspension,
)
from kinship.safety.resources import crisis_resources_for
from kinship.safety.views.common import staff_page

QUEUE = "safety/moderation/index.html"
DETAIL = "safety/moderation/detail.html"
FLAG = "safety/moderation/flag.html"
FLAG_SENT = "safety/moderation/flag_sent.html"
PAGE_SIZE = 20


FLAG_REASON_HELP = {
    FlagReason.AT_RISK: gettext_lazy(
        "They may hurt themselves or someone else, or be in danger. A peer supporter on call "
        "is told right away."
    ),
    FlagReason.HARASSMENT: gettext_lazy("Insults, threats, bullying or hateful words."),
    FlagReason.CONTACT_DETAILS: gettext_lazy(
        "A phone number, e-mail address or social media account that anyone can see."
    ),
    FlagReason.SOLICITATION: gettext_lazy(
        "Selling things or drugs, looking for a date, or offering treatment for money or perks."
    ),
    FlagReason.METHOD_DETAILS: gettext_lazy(
        "Details that could put someone at risk, like amounts, doses or ways of self-harm."
    ),
    FlagReason.SPAM: gettext_lazy("Ads, links, or the same thing posted again and again."),
    FlagReason.OTHER: gettext_lazy("Tell the moderators about it in the note below."),
}

SUSPENSION_CHOICES = [
    ("1", gettext_lazy("1 day")),
    ("3", gettext_lazy("3 days")),
    ("7", gettext_lazy("7 days")),
    ("30", gettext_lazy("30 days")),
    ("", gettext_lazy("Until a moderator lifts it")),
]


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("What is wrong?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Anything the moderators should know"),
        help_text=gettext_lazy("Only the moderators read this."),
        required=False,
        max_length=actions.NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    """One action's form; `prefix` is the action, so several share a page."""

    explanation = forms.CharField(
        label=gettext_lazy("What the member is told"),
        help_text=gettext_lazy(
            "Plain, kind words. The member never learns who flagged them or why."
        ),
        max_length=decisions.EXPLANATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, data: Any = None, *, action: str, text: str = "") -> None:
        super().__init__(data, prefix=action)
        self.action = action
        self.fields["explanation"].initial = decisions.default_explanation(action)
        if action == DecisionAction.DISMISS:
            self.fields["explanation"].label = _("A note for the record")
            self.fields["explanation"].help_text = _("The author is not told anything.")
        if action == DecisionAction.EDIT:
            self.fields["new_text"] = forms.CharField(
                label=_("The text as it should read"),
                help_text=_("Take out the details; keep the rest as the member wrote it."),
                initial=text,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            self.order_fields(["new_text", "explanation"])
        if action == DecisionAction.SUSPEND:
            self.fields["days"] = forms.ChoiceField(
                label=_("For how long"),
                choices=SUSPENSION_CHOICES,
                initial="7",
                required=False,
                widget=forms.RadioSelect,
            )
            self.order_fields(["days", "explanation"])

    @property
    def label(self) -> str:
        return str(DecisionAction(self.action).label)

    def decide(self, *, moderator: User, case: ModerationCase) -> None:
        days = self.cleaned_data.get("days")
        actions.decide_case(
            moderator=moderator,
            case=case,
            action=self.action,
            explanation=self.cleaned_data["explanation"],
            new_text=self.cleaned_data.get("new_text", ""),
            days=int(days) if days else None,
        )


def _moderator(request: HttpRequest) -> User:
    permissions.check_moderate_permission(request.user)
    user = request.user
    if not isinstance(user, User):
        raise Http404("No such page")
    return user


def _decision_actions(case: ModerationCase) -> list[str]:
    """The actions that still make sense for this case."""
    choices: list[str] = []
    if case.status == CaseStatus.OPEN:
        choices += [DecisionAction.APPROVE, DecisionAction.EDIT, DecisionAction.HIDE]
        if not case.is_held:
            choices.append(DecisionAction.DISMISS)
    if case.author_id is not None:
        choices += [DecisionAction.WARN, DecisionAction.SUSPEND]
    return choices


def _done_message(action: str) -> str:
    messages_by_action = {
        DecisionAction.APPROVE: _("Approved. The case is closed."),
        DecisionAction.EDIT: _("The details are taken out, and the member has been told."),
        DecisionAction.HIDE: _("Hidden, and the member has been told."),
        DecisionAction.DISMISS: _("The flags are dismissed. The author is not told."),
        DecisionAction.WARN: _("The member has been sent your message."),
        DecisionAction.SUSPEND: _("The member's posting is paused, and they have been told."),
    }
    return str(messages_by_action[DecisionAction(action)])


@staff_page
def moderation_queue(request: HttpRequest) -> HttpResponse:
    moderator = _moderator(request)
    page = Paginator(queue.open_cases(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "cases": queue.describe_cases(list(page.object_list), viewer=moderator),
    }
    return render(request, pick_template(request, QUEUE, f"{QUEUE}#cases"), context)


@staff_page
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    moderator = _moderator(request)
    case = permissions.access_case_by_id(moderator, case_id)
    view = queue.describe_case(case, viewer=moderator)
    posted = request.POST.get("action", "") if request.method == "POST" else ""
    decision_forms = [
        DecisionForm(
            request.POST if action == posted else None, action=action, text=view.text or ""
        )
        for action in _decision_actions(case)
    ]
    chosen = next((form for form in decision_forms if form.action == posted), None)
    if request.method == "POST" and chosen is None:
        messages.error(request, _("That action is not open for this case any more."))
        return redirect(case)
    if chosen is not None and chosen.is_valid():
        try:
            chosen.decide(moderator=moderator, case=case)
        except ValidationError as error:
            chosen.add_error(None, error)
        else:
            messages.success(request, _done_message(chosen.action))
            if chosen.action in (DecisionAction.WARN, DecisionAction.SUSPEND):
                return redirect(case)
            return redirect("safety:moderation-queue")
    context = {
        "view": view,
        "segments": view.segments(),
        "case": case,
        "forms": decision_forms,
        "posted": posted,
        "is_own": case.author_id == moderator.pk,
    }
    return render(request, DETAIL, context)


@require_POST
@staff_page
def suspension_lift(request: HttpRequest, suspension_id: int) -> HttpResponse:
    moderator = _moderator(request)
    suspension = get_object_or_404(Suspension.objects.select_related("member"), pk=suspension_id)
    try:
        suspensions.lift_suspension(
            moderator=moderator,
            suspension=suspension,
            explanation=request.POST.get("explanation", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(handle)s can post again.") % {"handle": suspension.member.handle}
        )
    case_id = request.POST.get("case", "")
    if case_id.isdigit():
        return redirect("safety:case-detail", case_id=int(case_id))
    return redirect("safety:moderation-queue")


@login_required
def flag(request: HttpRequest) -> HttpResponse:
    """Tell the moderators about something: `?kind=...&id=...` names the content."""
    content = permissions.access_flaggable_content(
        request.user, request.GET.get("kind", ""), request.GET.get("id", "")
    )
    member = permissions.check_flag_permission(request.user, content)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            flagged = actions.flag_content(
                reporter=member,
                source_kind=content.kind.kind,
                source_id=content.content_id,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            is_at_risk = flagged.reason == FlagReason.AT_RISK
            language = get_language() or settings.LANGUAGE_CODE
            context = {
                "is_at_risk": is_at_risk,
                "content": content,
                "resources": crisis_resources_for(language=language, level=RiskLevel.IMMINENT)
                if is_at_risk
                else [],
            }
            return render(request, FLAG_SENT, context)
    reasons = [
        {"choice": choice, "help": FLAG_REASON_HELP[FlagReason(choice.data["value"])]}
        for choice in form["reason"]
    ]
    context = {"form": form, "content": content, "reasons": reasons}
    return render(request, FLAG, context)
