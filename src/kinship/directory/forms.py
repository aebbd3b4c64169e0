"""Forms for groups, meetings, joining, RSVPs, attendance and proof of attendance.

Forms only parse and check input; the action in `actions.py` does the write. Each form's
`fields_for_action()` returns the model fields ready for that action.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kinship.accounts.validators import available_time_zones
from kinship.directory import codes, rules
from kinship.directory.display import DAY_NAMES
from kinship.directory.geo import KM_PER_MILE
from kinship.directory.models import (
    Community,
    CostKind,
    Group,
    GroupFocus,
    GroupKind,
    Meeting,
    Visibility,
    codes_to_text,
    text_to_codes,
)
from kinship.directory.queries import MeetingSearch

BY_APPOINTMENT = "appointment"
SPECIFIC, APPROXIMATE = "specific", "approximate"
DONATION_SERVICES = (("venmo", _("Venmo")), ("square", _("Cash App")), ("paypal", _("PayPal")))
GROUP_LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ase", _("American Sign Language")),
    ("fr", _("French")),
    ("pt", _("Portuguese")),
    ("vi", _("Vietnamese")),
    ("zh", _("Chinese")),
    ("ar", _("Arabic")),
    ("ru", _("Russian")),
]
# Type code categories offered on the meeting form, in the order shown.
TYPE_CATEGORIES = (
    ("types_community", codes.Category.COMMUNITY, _("Who the meeting is for")),
    ("types_format", codes.Category.FORMAT, _("What happens at the meeting")),
    ("types_attendance", codes.Category.ATTENDANCE, _("Who may come")),
    ("types_feature", codes.Category.FEATURE, _("What the place offers")),
    ("types_language", codes.Category.LANGUAGE, _("Language")),
)
DUAL_DIAGNOSIS = "DD"


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_time_zones())]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=200)
    description = forms.CharField(
        label=_("What the group is about"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few plain sentences. Who is it for? What happens there?"),
    )
    kind = forms.ChoiceField(label=_("Kind of group"), choices=GroupKind.choices)
    focus = forms.MultipleChoiceField(
        label=_("Focus"),
        choices=GroupFocus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    communities = forms.MultipleChoiceField(
        label=_("Communities the group serves"),
        choices=Community.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all empty if the group is for everyone."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=GROUP_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    accessibility = forms.CharField(
        label=_("Accessibility"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: step-free entrance, captions on video, ASL on request."),
    )
    cost = forms.ChoiceField(
        label=_("Cost"), choices=CostKind.choices, widget=forms.RadioSelect, initial="free"
    )
    fee_amount = forms.DecimalField(
        label=_("Fee in dollars"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=7,
        decimal_places=2,
        help_text=_("Only if there is a fee."),
    )
    donation_venmo = forms.CharField(label=_("Venmo handle for donations"), required=False)
    donation_square = forms.CharField(label=_("Cash App handle for donations"), required=False)
    donation_paypal = forms.CharField(label=_("PayPal handle for donations"), required=False)
    visibility = forms.ChoiceField(
        label=_("Who can see the group"),
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial="public",
    )
    guidelines = forms.CharField(
        label=_("Group guidelines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "People agree to these when they join. For example: what is said here stays here."
        ),
    )

    def __init__(self, *args: Any, group: Group | None = None, **kwargs: Any) -> None:
        if group is not None:
            handles = group.donation_handles or {}
            kwargs.setdefault(
                "initial",
                {
                    "name": group.name,
                    "description": group.description,
                    "kind": group.kind,
                    "focus": group.focus_codes,
                    "communities": group.community_codes,
                    "languages": group.language_codes,
                    "accessibility": group.accessibility,
                    "cost": group.cost,
                    "fee_amount": group.fee_amount,
                    "visibility": group.visibility,
                    "guidelines": group.guidelines,
                    **{
                        f"donation_{key}": handles.get(key, "") for key, _label in DONATION_SERVICES
                    },
                },
            )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("cost") == CostKind.FEE and cleaned.get("fee_amount") is None:
            self.add_error("fee_amount", _("Enter the fee, or choose free or donation."))
        return cleaned

    def fields_for_action(self) -> dict[str, Any]:
        data = self.cleaned_data
        cost = data["cost"]
        handles = {
            key: data[f"donation_{key}"].strip().lstrip("@$")
            for key, _label in DONATION_SERVICES
            if data[f"donation_{key}"].strip()
        }
        return {
            "name": data["name"].strip(),
            "description": data["description"].strip(),
            "kind": data["kind"],
            "focus": codes_to_text(data["focus"]),
            "communities": codes_to_text(data["communities"]),
            "languages": codes_to_text(data["languages"]),
            "accessibility": data["accessibility"].strip(),
            "cost": cost,
            "fee_amount": data["fee_amount"] if cost == CostKind.FEE else None,
            "donation_handles": handles if cost == CostKind.DONATION else {},
            "visibility": data["visibility"],
            "guidelines": data["guidelines"].strip(),
        }


def _type_choices(category: str) -> list[tuple[str, str]]:
    return [
        (meeting_type.code, str(meeting_type.label))
        for meeting_type in codes.MEETING_GUIDE_TYPES
        if meeting_type.category == category and meeting_type.code != DUAL_DIAGNOSIS
    ]


class MeetingForm(forms.Form):
    name = forms.CharField(label=_("Meeting name"), max_length=255)
    day = forms.ChoiceField(
        label=_("Day"),
        help_text=_("The meeting happens every week on this day."),
    )
    start_time = forms.TimeField(
        label=_("Starts at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("If it ends after midnight, that is fine: it ends the next day."),
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"), help_text=_("The time zone where the meeting's clock is.")
    )
    location_name = forms.CharField(
        label=_("Place name"),
        max_length=200,
        required=False,
        help_text=_("For example: Maple Street Community Center, Room 2."),
    )
    formatted_address = forms.CharField(label=_("Street address"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    state = forms.CharField(label=_("State"), max_length=100, required=False)
    postal_code = forms.CharField(label=_("ZIP code"), max_length=20, required=False)
    location_precision = forms.ChoiceField(
        label=_("Is this where people go?"),
        choices=[
            (SPECIFIC, _("Yes: this is the meeting's street address")),
            (APPROXIMATE, _("No: it is only the area (for online meetings); hide the street")),
        ],
        widget=forms.RadioSelect,
        initial=SPECIFIC,
    )
    latitude = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("Both numbers help people find the meeting by distance."),
    )
    location_notes = forms.CharField(
        label=_("How to find it"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: side door, second floor, parking behind the building."),
    )
    conference_url = forms.CharField(label=_("Online meeting link"), max_length=500, required=False)
    conference_url_notes = forms.CharField(
        label=_("Notes for joining online"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the meeting ID. Please do not write the password here."),
    )
    conference_phone = forms.CharField(
        label=_("Dial-in phone number"), max_length=60, required=False
    )
    conference_phone_notes = forms.CharField(
        label=_("Notes for dialing in"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_link_members_only = forms.BooleanField(
        label=_("Show the online link only to members of this group"),
        required=False,
        help_text=_("This helps keep out people who want to disrupt the meeting."),
    )
    is_dual_diagnosis = forms.BooleanField(
        label=_("Dual Diagnosis (DD): for people living with mental health and substance use"),
        required=False,
    )
    types_community = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    types_format = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    types_attendance = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple
    )
    types_feature = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    types_language = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(
        label=_("Other notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        meeting: Meeting | None = None,
        default_timezone: str = "UTC",
        **kwargs: Any,
    ) -> None:
        self.meeting = meeting
        if meeting is not None:
            kwargs.setdefault("initial", self._initial_from(meeting))
        else:
            kwargs.setdefault("initial", {"timezone": default_timezone})
        super().__init__(*args, **kwargs)
        day = cast(forms.ChoiceField, self.fields["day"])
        day.choices = [
            *((str(number), name) for number, name in enumerate(DAY_NAMES)),
            (BY_APPOINTMENT, _("By appointment (no weekly time)")),
        ]
        zone = cast(forms.ChoiceField, self.fields["timezone"])
        zone.choices = time_zone_choices()
        for field_name, category, label in TYPE_CATEGORIES:
            field = cast(forms.MultipleChoiceField, self.fields[field_name])
            field.label = label
            field.choices = _type_choices(category)

    @staticmethod
    def _initial_from(meeting: Meeting) -> dict[str, Any]:
        type_codes = set(meeting.type_codes)
        initial: dict[str, Any] = {
            name: getattr(meeting, name)
            for name in (
                "name",
                "start_time",
                "end_time",
                "timezone",
                "location_name",
                "formatted_address",
                "city",
                "state",
                "postal_code",
                "latitude",
                "longitude",
                "location_notes",
                "conference_url",
                "conference_url_notes",
                "conference_phone",
                "conference_phone_notes",
                "is_link_members_only",
                "notes",
            )
        }
        initial["day"] = BY_APPOINTMENT if meeting.day is None else str(meeting.day)
        initial["location_precision"] = APPROXIMATE if meeting.is_approximate else SPECIFIC
        initial["is_dual_diagnosis"] = DUAL_DIAGNOSIS in type_codes
        for field_name, category, _label in TYPE_CATEGORIES:
            offered = {code for code, _name in _type_choices(category)}
            initial[field_name] = sorted(type_codes & offered)
        return initial

    def clean_conference_url(self) -> str:
        url: str = self.cleaned_data["conference_url"].strip()
        if url and "://" not in url:
            url = f"https://{url}"
        if url and not rules.is_allowed_conference_url(url):
            providers = ", ".join(rules.conference_providers())
            raise ValidationError(
                _(
                    "We can't use this link. Paste the full link to the meeting from one of "
                    "these services: %(providers)s."
                )
                % {"providers": providers},
                code="provider",
            )
        return url

    def clean_conference_phone(self) -> str:
        phone: str = self.cleaned_data["conference_phone"].strip()
        if phone and not rules.clean_conference_phone(phone):
            raise ValidationError(
                _("Enter the whole phone number, with at least 10 digits."), code="phone"
            )
        return rules.clean_conference_phone(phone) if phone else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        has_weekly_time = cleaned.get("day") not in {BY_APPOINTMENT, None}
        if (
            has_weekly_time
            and cleaned.get("start_time") is None
            and "start_time" not in self.errors
        ):
            self.add_error("start_time", _("Enter the start time, or choose “By appointment”."))
        has_latitude = cleaned.get("latitude") is not None
        has_longitude = cleaned.get("longitude") is not None
        if has_latitude != has_longitude:
            self.add_error("longitude", _("Enter both latitude and longitude, or neither."))
        return cleaned

    def type_codes(self) -> list[str]:
        data = self.cleaned_data
        chosen = {code for field_name, _c, _l in TYPE_CATEGORIES for code in data[field_name]}
        if data["is_dual_diagnosis"]:
            chosen.add(DUAL_DIAGNOSIS)
        if self.meeting is not None:
            offered = {DUAL_DIAGNOSIS} | {
                code for _f, category, _l in TYPE_CATEGORIES for code, _n in _type_choices(category)
            }
            # Keep codes this form does not offer (another program's), so editing loses none.
            chosen |= set(text_to_codes(self.meeting.types)) - offered
        return sorted(chosen)

    def fields_for_action(self) -> dict[str, Any]:
        data = self.cleaned_data
        is_by_appointment = data["day"] == BY_APPOINTMENT
        return {
            "name": data["name"].strip(),
            "notes": data["notes"].strip(),
            "day": None if is_by_appointment else int(data["day"]),
            "start_time": None if is_by_appointment else data["start_time"],
            "end_time": None if is_by_appointment else data["end_time"],
            "timezone": data["timezone"],
            "location_name": data["location_name"].strip(),
            "formatted_address": data["formatted_address"].strip(),
            "city": data["city"].strip(),
            "state": data["state"].strip(),
            "postal_code": data["postal_code"].strip(),
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "is_approximate": data["location_precision"] == APPROXIMATE,
            "location_notes": data["location_notes"].strip(),
            "conference_url": data["conference_url"],
            "conference_url_notes": data["conference_url_notes"].strip(),
            "conference_phone": data["conference_phone"],
            "conference_phone_notes": data["conference_phone_notes"].strip(),
            "is_link_members_only": data["is_link_members_only"],
            "types": codes_to_text(self.type_codes()),
        }


class JoinForm(forms.Form):
    accepts_guidelines = forms.BooleanField(
        label=_("I have read the group guidelines and I agree to them"),
        error_messages={"required": _("Please read the guidelines and tick the box to join.")},
    )


class OccurrenceForm(forms.Form):
    """One date of a meeting (the meeting's local date), for RSVPs."""

    RSVP, CANCEL = "rsvp", "cancel"

    occurrence_date = forms.DateField(label=_("Date"), widget=_date_input())
    choice = forms.ChoiceField(choices=[(RSVP, RSVP), (CANCEL, CANCEL)], initial=RSVP)


class AttendanceDateForm(forms.Form):
    occurrence_date = forms.DateField(label=_("Meeting date"), widget=_date_input())


class AttendanceForm(forms.Form):
    occurrence_date = forms.DateField(widget=forms.HiddenInput)
    attendees = forms.TypedMultipleChoiceField(
        label=_("Who came"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, member_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        attendees = cast(forms.TypedMultipleChoiceField, self.fields["attendees"])
        attendees.choices = member_choices


class ProofForm(forms.Form):
    """The dates a proof-of-attendance page covers."""

    MAX_DAYS = 3 * 366

    start = forms.DateField(label=_("From"), widget=_date_input())
    end = forms.DateField(label=_("To"), widget=_date_input())

    @classmethod
    def default_range(cls) -> dict[str, date]:
        today = timezone.localdate()
        return {"start": today - timedelta(days=90), "end": today}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be on or after the start date."))
        elif start and end and (end - start).days > self.MAX_DAYS:
            self.add_error("end", _("Pick three years or less."))
        return cleaned


# Search -----------------------------------------------------------------------------------

MILES, KILOMETRES = "mi", "km"
RADIUS_CHOICES = [(5, "5"), (10, "10"), (25, "25"), (50, "50"), (100, "100")]
# Named parts of the day, as local start-time windows [from, to).
TIME_WINDOWS: dict[str, tuple[time, time]] = {
    "morning": (time(5, 0), time(12, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "evening": (time(17, 0), time(21, 0)),
    "night": (time(21, 0), time(5, 0)),
}
SEARCH_TYPES = [
    ("DD", _("Dual Diagnosis")),
    ("S", _("Spanish")),
    ("W", _("Women")),
    ("M", _("Men")),
    ("Y", _("Young people")),
    ("LGBTQ", _("LGBTQ+")),
    ("BE", _("Newcomer")),
    ("X", _("Wheelchair access")),
    ("ASL", _("American Sign Language")),
]


class SearchForm(forms.Form):
    """The "find a meeting" filters. A GET form: every field is optional."""

    near = forms.CharField(
        label=_("Near"),
        required=False,
        max_length=120,
        help_text=_("A ZIP code or a city, for example 60601 or Denver, CO."),
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    radius = forms.TypedChoiceField(
        label=_("Within"), choices=RADIUS_CHOICES, coerce=int, initial=25, required=False
    )
    unit = forms.ChoiceField(
        label=_("Unit"),
        choices=[(MILES, _("miles")), (KILOMETRES, _("km"))],
        initial=MILES,
        required=False,
    )
    days = forms.TypedMultipleChoiceField(
        label=_("Days"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    time_of_day = forms.ChoiceField(
        label=_("Time of day"),
        required=False,
        choices=[
            ("", _("Any time")),
            ("morning", _("Morning (5 a.m. to noon)")),
            ("afternoon", _("Afternoon (noon to 5 p.m.)")),
            ("evening", _("Evening (5 to 9 p.m.)")),
            ("night", _("Night (9 p.m. to 5 a.m.)")),
        ],
    )
    starting_soon = forms.BooleanField(label=_("Starting in the next 2 hours"), required=False)
    in_progress = forms.BooleanField(label=_("Happening now"), required=False)
    attendance = forms.MultipleChoiceField(
        label=_("How to attend"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("in_person", _("In person")),
            ("hybrid", _("In person and online")),
            ("online", _("Online (include online meetings)")),
        ],
        help_text=_(
            "Near a place, we show meetings you can go to in person unless you tick online."
        ),
    )
    types = forms.MultipleChoiceField(
        label=_("Meeting for"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=SEARCH_TYPES,
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("Any language")), *GROUP_LANGUAGES]
    )
    focus = forms.ChoiceField(
        label=_("Focus"), required=False, choices=[("", _("Any focus")), *GroupFocus.choices]
    )
    cost = forms.ChoiceField(
        label=_("Cost"), required=False, choices=[("", _("Any cost")), *CostKind.choices]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        days = cast(forms.TypedMultipleChoiceField, self.fields["days"])
        days.choices = [(number, name) for number, name in enumerate(DAY_NAMES)]

    @property
    def unit_value(self) -> str:
        unit = self.cleaned_data.get("unit") if self.is_bound and self.is_valid() else ""
        return unit or MILES

    def search(self, *, point: tuple[float, float] | None) -> MeetingSearch:
        """The query's filters (the place is resolved by the caller)."""
        data = self.cleaned_data
        radius = data.get("radius") or 25
        radius_km = radius * KM_PER_MILE if self.unit_value == MILES else float(radius)
        window = TIME_WINDOWS.get(data.get("time_of_day") or "")
        return MeetingSearch(
            point=point,
            radius_km=radius_km if point is not None else None,
            days=tuple(sorted(data.get("days") or ())),
            starts_after=window[0] if window else None,
            starts_before=window[1] if window else None,
            types=tuple(data.get("types") or ()),
            attendance=tuple(data.get("attendance") or ()),
            language=data.get("language") or "",
            focus=data.get("focus") or "",
            cost=data.get("cost") or "",
            starting_soon=bool(data.get("starting_soon")),
            in_progress=bool(data.get("in_progress")),
            limit=25,
        )
