"""Groups, their weekly meetings, feed sources, and members' RSVPs, attendance and calendars.

Lists of codes (a meeting's types, a group's focus, languages) are stored as delimited
text (",C,DD,S,") so one portable `LIKE '%,DD,%'` filters them on SQLite and PostgreSQL.
Use `codes_to_text` / `text_to_codes` to read and write them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kinship.core.models import TimestampedModel


def codes_to_text(codes: list[str] | tuple[str, ...] | set[str]) -> str:
    """Store codes as ",A,B," (empty list -> "")."""
    cleaned = sorted({code.strip() for code in codes if code and code.strip()})
    return f",{','.join(cleaned)}," if cleaned else ""


def text_to_codes(text: str) -> list[str]:
    return [code for code in text.split(",") if code]


class GroupKind(models.TextChoices):
    PEER_SUPPORT = "peer_support", _("Peer support")
    MUTUAL_AID = "mutual_aid", _("Mutual aid / 12-step")
    FAMILY = "family", _("Family and friends")
    LIFE_CHALLENGES = "life_challenges", _("Life challenges (grief, loss, change)")


class GroupFocus(models.TextChoices):
    DUAL_DIAGNOSIS = "dual_diagnosis", _("Dual diagnosis")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    FAMILY = "family", _("Family and friends")
    GRIEF = "grief", _("Grief and loss")
    TRAUMA = "trauma", _("Trauma")


class Community(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    YOUNG_PEOPLE = "young_people", _("Young people")
    LGBTQ = "lgbtq", _("LGBTQ+")
    SPANISH_SPEAKING = "spanish_speaking", _("Spanish-speaking")
    VETERANS = "veterans", _("Veterans")
    FAMILY = "family", _("Family members")
    PEOPLE_OF_COLOR = "people_of_color", _("People of color")
    SENIORS = "seniors", _("Seniors")


class CostKind(models.TextChoices):
    FREE = "free", _("Free")
    DONATION = "donation", _("Donation welcome")
    FEE = "fee", _("Fee")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone can see it")
    MEMBERS = "members", _("Members only: signed-in members can see it")
    APPROVAL = "approval", _("Approval required: a facilitator approves who joins")


class AttendanceOption(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")
    ONLINE = "online", _("Online")
    INACTIVE = "inactive", _("Inactive")


class FeedSource(TimestampedModel):
    """A Meeting Guide feed imported into the directory (keyed by `name`)."""

    name = models.SlugField(max_length=64, unique=True)
    url = models.URLField(max_length=500, blank=True, default="")
    program = models.CharField(max_length=20, default="aa")
    default_timezone = models.CharField(max_length=64, blank=True, default="")
    is_republished = models.BooleanField(
        default=False,
        help_text=_("Include this source's meetings in our public feed (only with permission)."),
    )
    is_contacts_published = models.BooleanField(
        default=False,
        help_text=_("Publish this source's contact_* fields in our feed (only with permission)."),
    )
    entity = models.JSONField(default=dict, blank=True)
    last_imported_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name


class Group(TimestampedModel):
    """A peer-support group or fellowship group that holds meetings."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    kind = models.CharField(
        _("kind"), max_length=20, choices=GroupKind.choices, default=GroupKind.PEER_SUPPORT
    )
    focus = models.CharField(_("focus"), max_length=200, blank=True, default="")
    communities = models.CharField(_("communities served"), max_length=300, blank=True, default="")
    languages = models.CharField(_("languages"), max_length=100, blank=True, default="")
    accessibility = models.TextField(_("accessibility"), blank=True, default="")
    cost = models.CharField(
        _("cost"), max_length=10, choices=CostKind.choices, default=CostKind.FREE
    )
    fee_amount = models.DecimalField(
        _("fee"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    donation_handles = models.JSONField(_("donation handles"), default=dict, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    guidelines = models.TextField(_("guidelines"), blank=True, default="")
    source = models.ForeignKey(
        FeedSource, on_delete=models.CASCADE, null=True, blank=True, related_name="groups"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("name",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=~Q(cost=CostKind.FEE) | Q(fee_amount__isnull=False),
                name="directory_group_fee_has_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("directory:group-detail", kwargs={"group_slug": self.slug})

    @property
    def focus_codes(self) -> list[str]:
        return text_to_codes(self.focus)

    @property
    def community_codes(self) -> list[str]:
        return text_to_codes(self.communities)

    @property
    def language_codes(self) -> list[str]:
        return text_to_codes(self.languages)


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    ACTIVE = "active", _("Member")
    LEFT = "left", _("Left")


class GroupMembership(TimestampedModel):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=12, choices=MembershipRole.choices, default="member")
    status = models.CharField(max_length=10, choices=MembershipStatus.choices, default="active")
    accepted_guidelines_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["group", "user"], name="directory_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id} ({self.role}, {self.status})"


class Meeting(TimestampedModel):
    """A weekly meeting: local wall-clock time in an IANA zone, a venue and/or online access.

    `day` is 0 (Sunday) to 6; no day or no start time means "by appointment". An end at or
    before the start means the meeting ends the next day; no end means 60 minutes.
    """

    slug = models.SlugField(max_length=80, unique=True)
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    source = models.ForeignKey(
        FeedSource, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings"
    )
    source_slug = models.CharField(max_length=100, blank=True, default="")
    name = models.CharField(_("name"), max_length=255)
    notes = models.TextField(_("notes"), blank=True, default="")

    day = models.PositiveSmallIntegerField(_("day"), null=True, blank=True)
    start_time = models.TimeField(_("starts"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64)

    location_name = models.CharField(_("place"), max_length=200, blank=True, default="")
    formatted_address = models.CharField(_("address"), max_length=300, blank=True, default="")
    city = models.CharField(max_length=100, blank=True, default="")
    state = models.CharField(max_length=100, blank=True, default="")
    postal_code = models.CharField(max_length=20, blank=True, default="")
    country = models.CharField(max_length=60, blank=True, default="")
    region = models.CharField(max_length=200, blank=True, default="")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    is_approximate = models.BooleanField(_("approximate location"), default=False)
    location_notes = models.TextField(_("location notes"), blank=True, default="")

    conference_url = models.URLField(_("online link"), max_length=500, blank=True, default="")
    conference_url_notes = models.TextField(_("online notes"), blank=True, default="")
    conference_phone = models.CharField(_("dial-in phone"), max_length=60, blank=True, default="")
    conference_phone_notes = models.TextField(_("dial-in notes"), blank=True, default="")
    is_link_members_only = models.BooleanField(
        _("show the online link only to signed-in members of the group"), default=False
    )

    types = models.CharField(_("types"), max_length=300, blank=True, default="")
    attendance_option = models.CharField(
        max_length=10, choices=AttendanceOption.choices, default=AttendanceOption.IN_PERSON
    )
    # Feed fields kept for a faithful export (url, feedback, contribution handles, contacts).
    extra = models.JSONField(default=dict, blank=True)
    feed_updated_at = models.DateTimeField(null=True, blank=True)
    # Digest of the normalised feed record, so a re-import skips unchanged meetings.
    import_hash = models.CharField(max_length=64, blank=True, default="")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("day", "start_time", "name")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["source", "source_slug"],
                condition=Q(source__isnull=False),
                name="directory_meeting_source_slug_unique",
            ),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(day__gte=0, day__lte=6),
                name="directory_meeting_day_range",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="directory_meeting_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="directory_meeting_longitude_range",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["latitude", "longitude"], name="directory_meeting_geo_idx"),
            models.Index(fields=["attendance_option", "day"], name="directory_meeting_attend_idx"),
            # "Near me" on a weekday: one range scan per day; longitude and start time are
            # checked in the index, so only rows inside the box and window are read (ADR 0003).
            models.Index(
                fields=["day", "latitude", "longitude", "start_time"],
                name="directory_meeting_near_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("directory:meeting-detail", kwargs={"meeting_slug": self.slug})

    @property
    def type_codes(self) -> list[str]:
        return text_to_codes(self.types)

    @property
    def is_by_appointment(self) -> bool:
        return self.day is None or self.start_time is None


class Rsvp(TimestampedModel):
    """A member says they plan to come to one occurrence (a local date) of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rsvps"
    )
    occurrence_date = models.DateField()

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["meeting", "user", "occurrence_date"], name="directory_rsvp_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} -> {self.meeting_id} on {self.occurrence_date}"


class CheckInMethod(models.TextChoices):
    SELF = "self", _("Checked in themselves")
    FACILITATOR = "facilitator", _("Marked by a facilitator")


class Attendance(TimestampedModel):
    """A member was at one occurrence (a local date) of a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendances"
    )
    occurrence_date = models.DateField()
    method = models.CharField(max_length=12, choices=CheckInMethod.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["meeting", "user", "occurrence_date"], name="directory_attendance_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.meeting_id} on {self.occurrence_date}"


class SavedMeeting(TimestampedModel):
    """A meeting a member keeps in "my meetings" (and their private calendar feed)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="saves")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_meetings"
    )

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["meeting", "user"], name="directory_saved_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.meeting_id}"


class CalendarToken(TimestampedModel):
    """The secret in a member's private "my meetings" calendar URL (digest stored only)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar token {self.pk} for {self.user_id}"
