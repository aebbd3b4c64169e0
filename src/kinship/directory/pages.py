"""The reads behind the directory's pages: what each page shows, in a fixed number of queries.

Every read starts from `permissions` (visible groups and meetings) or from the viewer's own
rows, so a page never shows what its viewer may not see.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.accounts.models import User
from kinship.directory import actions, display, geo, permissions, queries, schedule
from kinship.directory.forms import (
    GROUP_LANGUAGES,
    KILOMETRES,
    AttendanceDateForm,
    ProofForm,
    SearchForm,
)
from kinship.directory.models import (
    Attendance,
    CalendarToken,
    Community,
    CostKind,
    Group,
    GroupFocus,
    GroupMembership,
    Meeting,
    MembershipRole,
    MembershipStatus,
    Rsvp,
    SavedMeeting,
    Visibility,
)

DONATION_NAMES = {"venmo": "Venmo", "square": "Cash App", "paypal": "PayPal"}


@dataclass(frozen=True)
class MeetingRow:
    meeting: Meeting
    times: display.MeetingTimes
    distance: str = ""

    @property
    def attendance_words(self) -> str:
        return display.attendance_words(self.meeting)


def meeting_rows(meetings: list[Meeting], *, viewer: Any, now: datetime) -> list[MeetingRow]:
    """Meetings with their times, soonest first (by appointment last)."""
    rows = [
        MeetingRow(meeting, display.meeting_times(meeting, viewer=viewer, now=now))
        for meeting in meetings
    ]
    far = now + timedelta(days=365)
    return sorted(rows, key=lambda row: (row.times.next_start or far, row.meeting.name))


# Groups -----------------------------------------------------------------------------------


def can_create_groups(viewer: Any) -> bool:
    try:
        permissions.check_create_group_permission(viewer)
    except PermissionDenied:
        return False
    return True


def _labels(codes: list[str], choices: dict[str, Any]) -> list[str]:
    return [str(choices.get(code, code)) for code in codes]


def cost_words(group: Group) -> str:
    if group.cost == CostKind.FEE and group.fee_amount is not None:
        return _("Fee: $%(amount)s") % {"amount": group.fee_amount}
    if group.cost == CostKind.DONATION:
        return _("Free. Donations are welcome but never expected.")
    return _("Free")


def group_page(*, viewer: Any, group: Group) -> dict[str, Any]:
    now = timezone.now()
    meetings = list(
        permissions.visible_meetings(viewer).filter(group=group).select_related("source")
    )
    facilitators = GroupMembership.objects.filter(
        group=group, role=MembershipRole.FACILITATOR, status=MembershipStatus.ACTIVE
    ).select_related("user")
    can_manage = permissions.can_manage_group(viewer, group)
    handles = group.donation_handles if group.cost == CostKind.DONATION else {}
    return {
        "group": group,
        "meeting_rows": meeting_rows(meetings, viewer=viewer, now=now),
        "facilitators": [row.user.handle for row in facilitators.order_by("user__handle")],
        "membership": permissions.membership_of(viewer, group),
        "can_manage": can_manage,
        "pending_count": (
            group.memberships.filter(status=MembershipStatus.PENDING).count() if can_manage else 0
        ),
        "focus_labels": _labels(group.focus_codes, dict(GroupFocus.choices)),
        "community_labels": _labels(group.community_codes, dict(Community.choices)),
        "language_labels": _labels(group.language_codes, dict(GROUP_LANGUAGES)),
        "cost_words": cost_words(group),
        "donation_handles": [
            (DONATION_NAMES.get(service, service), handle) for service, handle in handles.items()
        ],
        "is_approval": group.visibility == Visibility.APPROVAL,
    }


def members_page(*, group: Group) -> dict[str, Any]:
    memberships = group.memberships.select_related("user").order_by("user__handle")
    return {
        "group": group,
        "pending": list(memberships.filter(status=MembershipStatus.PENDING)),
        "active": list(memberships.filter(status=MembershipStatus.ACTIVE)),
    }


# Search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchRow:
    meeting: Meeting
    times: display.MeetingTimes
    distance: str
    attendance_words: str


def _distance(distance_km: float | None, unit: str) -> str:
    if distance_km is None:
        return ""
    if unit == KILOMETRES:
        return _("%(distance).1f km away") % {"distance": distance_km}
    return _("%(distance).1f miles away") % {"distance": geo.km_to_miles(distance_km)}


def _with_place(query: QueryDict, label: str) -> str:
    changed = query.copy()
    changed["near"] = label
    for name in ("lat", "lng", "page"):
        changed.pop(name, None)
    return "?" + changed.urlencode()


def search_page(*, viewer: Any, form: SearchForm, query: QueryDict) -> dict[str, Any]:
    """Resolve the place (ZIP, city or the browser's location), then search."""
    now = timezone.now()
    place: geo.Place | None = None
    candidates: list[tuple[str, str]] = []
    place_error = ""
    result: queries.MeetingSearchResult | None = None
    if not form.is_bound:
        result = queries.search_meetings(viewer=viewer, search=queries.MeetingSearch(), now=now)
    elif form.is_valid():
        data = form.cleaned_data
        near = data["near"].strip()
        if data["lat"] is not None and data["lng"] is not None:
            place = geo.coordinates_place(data["lat"], data["lng"])
        elif near:
            try:
                place = geo.resolve_place(near)
            except geo.AmbiguousPlace as error:
                candidates = [
                    (city.label, _with_place(query, city.label)) for city in error.candidates[:8]
                ]
            except geo.PlaceNotFound:
                place_error = _(
                    "We could not find that place. Try a ZIP code, or a city and state, "
                    "like Denver, CO."
                )
        if not candidates and not place_error:
            point = (place.latitude, place.longitude) if place is not None else None
            result = queries.search_meetings(
                viewer=viewer, search=form.search(point=point), now=now
            )
    unit = form.unit_value
    rows = [
        SearchRow(
            meeting=hit.meeting,
            times=display.meeting_times(
                hit.meeting,
                viewer=viewer,
                now=now,
                next_start=hit.next_start,
                next_end=hit.next_end,
            ),
            distance=_distance(hit.distance_km, unit),
            attendance_words=display.attendance_words(hit.meeting),
        )
        for hit in (result.hits if result else [])
    ]
    return {
        "form": form,
        "place": place,
        "candidates": candidates,
        "place_error": place_error,
        "result": result,
        "rows": rows,
        "attribution": (
            geo.GEONAMES_ATTRIBUTION
            if place is not None and place.source == geo.Source.CITY
            else ""
        ),
        "is_signed_in": isinstance(viewer, User),
    }


# Meetings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateChoice:
    day: date
    label: str
    is_going: bool


def meeting_page(*, viewer: Any, meeting: Meeting, now: datetime) -> dict[str, Any]:
    member = viewer if isinstance(viewer, User) else None
    group = meeting.group
    membership = permissions.membership_of(member, group) if group else None
    is_active_member = membership is not None and membership.status == MembershipStatus.ACTIVE
    can_manage = group is not None and permissions.can_manage_group(member, group)
    dates = display.upcoming_dates(meeting, now=now)
    going: set[date] = set()
    is_saved = is_checked_in = False
    check_in_open = actions.check_in_occurrence(meeting, now=now) is not None if dates else False
    if member is not None:
        going = set(
            Rsvp.objects.filter(
                meeting=meeting, user=member, occurrence_date__in=dates
            ).values_list("occurrence_date", flat=True)
        )
        is_saved = SavedMeeting.objects.filter(meeting=meeting, user=member).exists()
        running = actions.check_in_occurrence(meeting, now=now) if check_in_open else None
        is_checked_in = running is not None and (
            Attendance.objects.filter(
                meeting=meeting, user=member, occurrence_date=running.local_date
            ).exists()
        )
    may_take_part = member is not None and (
        group is None or group.visibility != Visibility.APPROVAL or is_active_member or can_manage
    )
    has_online = bool(meeting.conference_url or meeting.conference_phone)
    return {
        "meeting": meeting,
        "group": group,
        "times": display.meeting_times(meeting, viewer=viewer, now=now),
        "attendance_words": display.attendance_words(meeting),
        "type_labels": display.type_labels(meeting),
        "has_online": has_online,
        "can_see_link": permissions.can_see_online_link(viewer, meeting),
        "membership": membership,
        "is_active_member": is_active_member,
        "can_manage": can_manage,
        "may_take_part": may_take_part,
        "is_saved": is_saved,
        "dates": [DateChoice(day, display.day_and_date(day), day in going) for day in dates],
        "check_in_open": check_in_open and may_take_part,
        "is_checked_in": is_checked_in,
    }


# Attendance (facilitators) ----------------------------------------------------------------


def attendance_dates(meeting: Meeting, *, now: datetime) -> list[date]:
    """The local dates of the latest occurrences that have started, newest first."""
    if meeting.day is None or meeting.start_time is None:
        return []
    upcoming = schedule.next_occurrence(
        day=meeting.day,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        timezone=meeting.timezone,
        after=now,
        include_in_progress=True,
    )
    assert upcoming is not None  # noqa: S101  (a meeting with a day and time recurs)
    latest = upcoming.local_date
    if upcoming.start > now:
        latest -= timedelta(days=7)
    return [latest - timedelta(days=7 * week) for week in range(actions.ATTENDANCE_WEEKS_BACK)]


def attendance_date(meeting: Meeting, form: AttendanceDateForm, *, now: datetime) -> date | None:
    """The date the facilitator picked (one of `attendance_dates`), else the latest."""
    dates = attendance_dates(meeting, now=now)
    if form.is_bound and form.is_valid():
        picked: date = form.cleaned_data["occurrence_date"]
        if picked in dates:
            return picked
        form.add_error("occurrence_date", _("Pick one of the dates the meeting took place."))
    return dates[0] if dates else None


@dataclass(frozen=True)
class RosterRow:
    user: User
    attendance: Attendance | None
    has_rsvp: bool


def attendance_roster(meeting: Meeting, *, occurrence_date: date) -> list[RosterRow]:
    members = GroupMembership.objects.filter(
        group=meeting.group, status=MembershipStatus.ACTIVE
    ).select_related("user")
    present = {
        row.user_id: row
        for row in Attendance.objects.filter(meeting=meeting, occurrence_date=occurrence_date)
    }
    going = set(
        Rsvp.objects.filter(meeting=meeting, occurrence_date=occurrence_date).values_list(
            "user_id", flat=True
        )
    )
    return [
        RosterRow(row.user, present.get(row.user_id), row.user_id in going)
        for row in members.order_by("user__handle")
    ]


# My meetings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RsvpRow:
    rsvp: Rsvp
    label: str


def my_meetings_page(*, viewer: User, now: datetime) -> dict[str, Any]:
    visible = permissions.visible_meetings(viewer)
    saved = [
        row.meeting
        for row in SavedMeeting.objects.filter(user=viewer, meeting__in=visible).select_related(
            "meeting", "meeting__group"
        )
    ]
    yesterday = timezone.localdate(now) - timedelta(days=1)
    rsvps = (
        Rsvp.objects.filter(user=viewer, meeting__in=visible, occurrence_date__gte=yesterday)
        .select_related("meeting")
        .order_by("occurrence_date", "meeting__name")
    )
    memberships = (
        GroupMembership.objects.filter(user=viewer, group__is_active=True)
        .exclude(status=MembershipStatus.LEFT)
        .select_related("group")
        .order_by("group__name")
    )
    return {
        "saved_rows": meeting_rows(saved, viewer=viewer, now=now),
        "rsvp_rows": [RsvpRow(rsvp, display.day_and_date(rsvp.occurrence_date)) for rsvp in rsvps],
        "memberships": list(memberships),
        "calendar_token": CalendarToken.objects.filter(
            user=viewer, revoked_at__isnull=True
        ).first(),
    }


def calendar_owner(*, secret: str) -> User:
    """The member whose live calendar link this is; Http404 for any other secret."""
    token = (
        CalendarToken.objects.select_related("user")
        .filter(digest=actions.calendar_digest(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        raise Http404("No such calendar")
    return token.user


def saved_meetings_for_calendar(*, owner: User) -> list[tuple[Meeting, bool]]:
    meetings = (
        permissions.visible_meetings(owner)
        .filter(saves__user=owner)
        .select_related("group")
        .order_by("pk")
    )
    return [(meeting, permissions.can_see_online_link(owner, meeting)) for meeting in meetings]


# Proof of attendance ----------------------------------------------------------------------


def attendance_records(*, member: User, form: ProofForm) -> list[Attendance]:
    """The member's own attendance in the form's date range (nobody else's)."""
    if not form.is_valid():
        return []
    return list(
        Attendance.objects.filter(
            user=member,
            occurrence_date__gte=form.cleaned_data["start"],
            occurrence_date__lte=form.cleaned_data["end"],
        )
        .select_related("meeting", "meeting__group")
        .order_by("occurrence_date", "meeting__name")
    )


def _cell(value: str) -> str:
    """Keep spreadsheet programs from running a cell as a formula."""
    return f"'{value}" if value[:1] in {"=", "+", "-", "@"} else value


def attendance_csv(*, member: User, rows: list[Attendance], form: ProofForm) -> HttpResponse:
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="attendance-{start.isoformat()}-{end.isoformat()}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([_("Organization"), _cell(str(settings.KINSHIP_ORG_NAME))])
    writer.writerow([_("Member"), _cell(member.handle)])
    writer.writerow([_("From"), start.isoformat(), _("To"), end.isoformat()])
    writer.writerow([])
    writer.writerow([_("Date"), _("Meeting"), _("Group"), _("How it was recorded")])
    for row in rows:
        writer.writerow(
            [
                row.occurrence_date.isoformat(),
                _cell(row.meeting.name),
                _cell(row.meeting.group.name if row.meeting.group else ""),
                str(row.get_method_display()),
            ]
        )
    return response
