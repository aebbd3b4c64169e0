"""Reads behind the moderation queue and a case's page, shared by the pages and the API.

The queue is the open cases, held content first (someone is waiting to be seen), then the
most flagged, then the oldest. A page of cases costs a fixed number of queries however
many flags and decisions they carry, plus one `get_text` call per case into the app that
owns the content (the only way safety can read it).

Moderators see who flagged, except on a case about their own words: the author of
anything never learns who reported it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, QuerySet, prefetch_related_objects

from kinship.accounts.models import User
from kinship.safety import queries
from kinship.safety.content import ContentKind, get_content_kind, is_registered
from kinship.safety.models import (
    CaseStatus,
    Flag,
    FlagReason,
    ModerationCase,
    ModerationDecision,
    Suspension,
)
from kinship.safety.rules import RuleHit, check_content_rules

HISTORY_SHOWN = 5


@dataclass(frozen=True)
class FlagNote:
    text: str
    reporter_handle: str | None
    created_at: datetime


@dataclass(frozen=True)
class FlagGroup:
    """The flags on one case for one reason."""

    reason: str
    label: str
    count: int
    notes: list[FlagNote]


@dataclass
class CaseView:
    """One case as a moderator sees it."""

    case: ModerationCase
    kind_label: str
    text: str | None
    url: str
    author_handle: str | None
    flag_count: int
    flag_groups: list[FlagGroup]
    history: list[ModerationDecision]
    history_count: int
    suspension: Suspension | None
    decisions: list[ModerationDecision] = field(default_factory=list)
    rule_hits: list[RuleHit] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.case.status == CaseStatus.OPEN

    def segments(self) -> list[tuple[str, str | None]]:
        """The text cut at the content rules' matches: (words, rule code or None)."""
        text = self.text or ""
        marks = sorted((start, end, hit.code) for hit in self.rule_hits for start, end in hit.spans)
        parts: list[tuple[str, str | None]] = []
        position = 0
        for start, end, code in marks:
            if start < position:
                continue  # overlaps a match already marked
            if start > position:
                parts.append((text[position:start], None))
            parts.append((text[start:end], code))
            position = end
        if position < len(text):
            parts.append((text[position:], None))
        return parts


def open_cases() -> QuerySet[ModerationCase]:
    """Open cases, held first, then by number of flags, then oldest first."""
    return (
        ModerationCase.objects.filter(status=CaseStatus.OPEN)
        .select_related("author")
        .annotate(flag_count=Count("flags"))
        .order_by("-is_held", "-flag_count", "created_at", "id")
    )


def _kind(case: ModerationCase) -> ContentKind | None:
    return get_content_kind(case.source_kind) if is_registered(case.source_kind) else None


def _flag_groups(flags: Sequence[Flag], *, hide_reporters: bool) -> list[FlagGroup]:
    by_reason: dict[str, list[Flag]] = defaultdict(list)
    for flag in flags:
        by_reason[flag.reason].append(flag)
    order = list(FlagReason.values)
    return [
        FlagGroup(
            reason=reason,
            label=str(FlagReason(reason).label),
            count=len(group),
            notes=[
                FlagNote(
                    text=flag.note,
                    reporter_handle=None
                    if hide_reporters or flag.reporter is None
                    else flag.reporter.handle,
                    created_at=flag.created_at,
                )
                for flag in group
                if flag.note
            ],
        )
        for reason, group in sorted(by_reason.items(), key=lambda item: order.index(item[0]))
    ]


def describe_cases(cases: Sequence[ModerationCase], *, viewer: User) -> list[CaseView]:
    """Everything the queue shows for these cases, in a fixed number of queries."""
    prefetch_related_objects(
        list(cases), Prefetch("flags", queryset=Flag.objects.select_related("reporter"))
    )
    author_ids = {case.author_id for case in cases if case.author_id is not None}
    history: dict[int, list[ModerationDecision]] = defaultdict(list)
    for decision in ModerationDecision.objects.filter(member_id__in=author_ids).select_related(
        "moderator"
    ):
        if decision.member_id is not None:
            history[decision.member_id].append(decision)
    suspensions: dict[int, Suspension] = {}
    for suspension in queries.active_suspensions().filter(member_id__in=author_ids):
        suspensions.setdefault(suspension.member_id, suspension)
    described = []
    for case in cases:
        kind = _kind(case)
        flags = list(case.flags.all())
        url = case.source_url
        if kind is not None and kind.get_url is not None:
            url = kind.get_url(case.source_id) or url
        past = history.get(case.author_id, []) if case.author_id is not None else []
        described.append(
            CaseView(
                case=case,
                kind_label=str(kind.label) if kind is not None else case.source_kind,
                text=kind.get_text(case.source_id) if kind is not None else None,
                url=url,
                author_handle=case.author.handle if case.author is not None else None,
                flag_count=len(flags),
                flag_groups=_flag_groups(flags, hide_reporters=case.author_id == viewer.pk),
                history=past[:HISTORY_SHOWN],
                history_count=len(past),
                suspension=suspensions.get(case.author_id) if case.author_id else None,
            )
        )
    return described


def describe_case(case: ModerationCase, *, viewer: User) -> CaseView:
    """One case with its own decisions and the content rules its text breaks."""
    view = describe_cases([case], viewer=viewer)[0]
    view.decisions = list(case.decisions.select_related("moderator"))
    if view.text:
        view.rule_hits = check_content_rules(view.text, is_public=True)
    return view
