"""Directory pages: groups, meetings, joining, RSVPs, attendance, my meetings, calendars.

Each view parses its input, asks `permissions` for the object, calls one action or read,
and renders. The reads that only these pages need sit in `pages.py`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kinship.accounts.models import User
from kinship.core.htmx import pick_template
from kinship.directory import actions, display, ical, pages, permissions, queries
from kinship.directory.forms import (
    AttendanceDateForm,
    AttendanceForm,
    GroupForm,
    JoinForm,
    MeetingForm,
    OccurrenceForm,
    ProofForm,
    SearchForm,
)
from kinship.directory.models import GroupMembership, MembershipStatus


def _member(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user


def _posted(request: HttpRequest) -> Any:
    """The POST data for a bound form, even when nothing was ticked (an empty POST)."""
    return request.POST if request.method == "POST" else None


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# Groups -----------------------------------------------------------------------------------


def group_list(request: HttpRequest) -> HttpResponse:
    groups = queries.list_groups(viewer=request.user)
    page = Paginator(groups, 20).get_page(request.GET.get("page"))
    context = {"page_obj": page, "can_create": pages.can_create_groups(request.user)}
    return render(request, "directory/groups/index.html", context)


def group_detail(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = permissions.access_group_by_slug(request.user, group_slug)
    context = pages.group_page(viewer=request.user, group=group)
    return render(request, "directory/groups/detail.html", context)


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    member = permissions.check_create_group_permission(request.user)
    form = GroupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        group = actions.create_group(actor=member, fields=form.fields_for_action())
        messages.success(request, _("The group is ready. Now add its meetings."))
        return redirect(group)
    return render(request, "directory/groups/form.html", {"form": form, "group": None})


@login_required
def group_edit(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = permissions.access_group_by_slug(request.user, group_slug)
    member = permissions.check_manage_group_permission(request.user, group)
    form = GroupForm(_posted(request), group=group)
    if request.method == "POST" and form.is_valid():
        actions.update_group(actor=member, group=group, fields=form.fields_for_action())
        messages.success(request, _("Your changes are saved."))
        return redirect(group)
    return render(request, "directory/groups/form.html", {"form": form, "group": group})


@login_required
def group_join(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = permissions.access_group_by_slug(request.user, group_slug)
    form = JoinForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        membership = actions.join_group(user=_member(request), group=group, accepts_guidelines=True)
        if membership.status == MembershipStatus.PENDING:
            messages.success(
                request, _("You asked to join. A facilitator will answer soon; we will tell you.")
            )
        else:
            messages.success(request, _("Welcome to the group."))
        return redirect(group)
    return render(request, "directory/groups/join.html", {"form": form, "group": group})


@require_POST
@login_required
def group_leave(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = permissions.access_group_by_slug(request.user, group_slug)
    actions.leave_group(user=_member(request), group=group)
    messages.success(request, _("You left the group. You are welcome back any time."))
    return redirect(group)


@login_required
def group_members(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = permissions.access_group_by_slug(request.user, group_slug)
    permissions.check_manage_group_permission(request.user, group)
    return render(request, "directory/groups/members.html", pages.members_page(group=group))


@require_POST
@login_required
def membership_decide(
    request: HttpRequest, group_slug: str, membership_id: int, decision: str
) -> HttpResponse:
    group = permissions.access_group_by_slug(request.user, group_slug)
    permissions.check_manage_group_permission(request.user, group)
    membership = get_object_or_404(
        GroupMembership.objects.select_related("user", "group"), pk=membership_id, group=group
    )
    try:
        if decision == "approve":
            actions.approve_membership(actor=request.user, membership=membership)
            messages.success(
                request, _("%(handle)s is now a member.") % {"handle": membership.user}
            )
        else:
            actions.decline_membership(actor=request.user, membership=membership)
            messages.success(request, _("The request was declined."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("directory:group-members", group_slug=group.slug)


# Meetings ---------------------------------------------------------------------------------


def meeting_search(request: HttpRequest) -> HttpResponse:
    """Find a meeting: a plain GET form; htmx swaps in just the results."""
    form = SearchForm(request.GET or None)
    context = pages.search_page(viewer=request.user, form=form, query=request.GET)
    template = pick_template(
        request, "directory/search/index.html", "directory/search/index.html#results"
    )
    return render(request, template, context)


@login_required
def meeting_create(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = permissions.access_group_by_slug(request.user, group_slug)
    member = permissions.check_manage_group_permission(request.user, group)
    form = MeetingForm(_posted(request), default_timezone=member.time_zone)
    if request.method == "POST" and form.is_valid():
        meeting = actions.create_meeting(actor=member, group=group, fields=form.fields_for_action())
        messages.success(request, _("The meeting is saved."))
        return redirect(meeting)
    context = {"form": form, "group": group, "meeting": None}
    return render(request, "directory/meetings/form.html", context)


@login_required
def meeting_edit(request: HttpRequest, meeting_slug: str) -> HttpResponse:
    meeting = permissions.access_meeting_by_slug(request.user, meeting_slug)
    member = permissions.check_manage_meeting_permission(request.user, meeting)
    form = MeetingForm(_posted(request), meeting=meeting)
    if request.method == "POST" and form.is_valid():
        actions.update_meeting(actor=member, meeting=meeting, fields=form.fields_for_action())
        messages.success(request, _("Your changes are saved."))
        return redirect(meeting)
    context = {"form": form, "group": meeting.group, "meeting": meeting}
    return render(request, "directory/meetings/form.html", context)


def meeting_detail(request: HttpRequest, meeting_slug: str) -> HttpResponse:
    meeting = permissions.access_meeting_by_slug(request.user, meeting_slug)
    context = pages.meeting_page(viewer=request.user, meeting=meeting, now=timezone.now())
    return render(request, "directory/meetings/detail.html", context)


def meeting_ics(request: HttpRequest, meeting_slug: str) -> HttpResponse:
    meeting = permissions.access_meeting_by_slug(request.user, meeting_slug)
    if meeting.is_by_appointment:
        raise Http404("A meeting by appointment has no times to add")
    response = HttpResponse(ical.meeting_calendar(meeting), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{meeting.slug}.ics"'
    return response


@require_POST
@login_required
def meeting_save(request: HttpRequest, meeting_slug: str) -> HttpResponse:
    meeting = permissions.access_meeting_by_slug(request.user, meeting_slug)
    if request.POST.get("save") == "no":
        actions.unsave_meeting(user=_member(request), meeting=meeting)
        messages.success(request, _("Removed from my meetings."))
    else:
        actions.save_meeting(user=_member(request), meeting=meeting)
        messages.success(request, _("Saved to my meetings."))
    if request.POST.get("next_page") == "mine":
        return redirect("directory:my-meetings")
    return redirect(meeting)


@require_POST
@login_required
def meeting_rsvp(request: HttpRequest, meeting_slug: str) -> HttpResponse:
    meeting = permissions.access_meeting_by_slug(request.user, meeting_slug)
    form = OccurrenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pick one of the dates listed."))
        return redirect(meeting)
    day: date = form.cleaned_data["occurrence_date"]
    try:
        if form.cleaned_data["choice"] == OccurrenceForm.CANCEL:
            actions.cancel_rsvp(user=_member(request), meeting=meeting, occurrence_date=day)
            messages.success(request, _("Okay, you are no longer going on that date."))
        else:
            actions.add_rsvp(user=_member(request), meeting=meeting, occurrence_date=day)
            messages.success(request, _("Great, you said you are going. See you there."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect(meeting)


@require_POST
@login_required
def meeting_check_in(request: HttpRequest, meeting_slug: str) -> HttpResponse:
    meeting = permissions.access_meeting_by_slug(request.user, meeting_slug)
    try:
        actions.check_in(user=_member(request), meeting=meeting)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("You are checked in. Thank you for coming."))
    return redirect(meeting)


@login_required
def meeting_attendance(request: HttpRequest, meeting_slug: str) -> HttpResponse:
    meeting = permissions.access_meeting_by_slug(request.user, meeting_slug)
    member = permissions.check_manage_meeting_permission(request.user, meeting)
    now = timezone.now()
    date_form = AttendanceDateForm(request.GET or None)
    chosen = pages.attendance_date(meeting, date_form, now=now)
    roster = pages.attendance_roster(meeting, occurrence_date=chosen) if chosen else []
    choices = [(row.user.pk, row.user.handle) for row in roster]
    form = AttendanceForm(
        _posted(request),
        member_choices=choices,
        initial={
            "occurrence_date": chosen,
            "attendees": [row.user.pk for row in roster if row.attendance is not None],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            change = actions.mark_attendance(
                actor=member,
                meeting=meeting,
                occurrence_date=form.cleaned_data["occurrence_date"],
                attendee_ids=form.cleaned_data["attendees"],
            )
        except ValidationError as error:
            messages.error(request, _error_text(error))
        else:
            messages.success(
                request,
                _("Attendance saved: %(added)d added, %(removed)d removed.")
                % {"added": change.added, "removed": change.removed},
            )
            day = form.cleaned_data["occurrence_date"].isoformat()
            return redirect(f"{request.path}?occurrence_date={day}")
    context = {
        "meeting": meeting,
        "date_form": date_form,
        "dates": [
            (day, display.day_and_date(day)) for day in pages.attendance_dates(meeting, now=now)
        ],
        "chosen": chosen,
        "chosen_label": display.day_and_date(chosen) if chosen else "",
        "roster": roster,
        "form": form,
    }
    return render(request, "directory/meetings/attendance.html", context)


# My meetings, calendar link, proof of attendance ------------------------------------------


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    return _render_my_meetings(request, member, secret="")


def _render_my_meetings(request: HttpRequest, member: User, *, secret: str) -> HttpResponse:
    context: dict[str, Any] = pages.my_meetings_page(viewer=member, now=timezone.now())
    context["calendar_secret"] = secret
    if secret:
        url = request.build_absolute_uri(reverse("directory:calendar-feed", args=[secret]))
        context["calendar_url"] = url
        context["calendar_webcal_url"] = "webcal://" + url.split("://", 1)[1]
    context["proof_form"] = ProofForm(initial=ProofForm.default_range())
    return render(request, "directory/mine/index.html", context)


@require_POST
@login_required
def calendar_link_create(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    _token, secret = actions.create_calendar_token(user=member)
    return _render_my_meetings(request, member, secret=secret)


@require_POST
@login_required
def calendar_link_revoke(request: HttpRequest) -> HttpResponse:
    actions.revoke_calendar_tokens(user=_member(request))
    messages.success(request, _("Your calendar link no longer works."))
    return redirect("directory:my-meetings")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    owner = pages.calendar_owner(secret=token)
    body = ical.saved_meetings_calendar(
        pages.saved_meetings_for_calendar(owner=owner),
        name=_("My meetings"),
    )
    return HttpResponse(body, content_type="text/calendar")


@login_required
def proof_of_attendance(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = ProofForm(request.GET or None, initial=ProofForm.default_range())
    if not form.is_bound:
        form = ProofForm(ProofForm.default_range())
    rows = pages.attendance_records(member=member, form=form)
    if form.is_valid() and request.GET.get("format") == "csv":
        return pages.attendance_csv(member=member, rows=rows, form=form)
    context = {"form": form, "rows": rows, "member": member}
    return render(request, "directory/mine/proof.html", context)
