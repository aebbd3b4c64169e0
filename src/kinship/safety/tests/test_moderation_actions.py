"""Moderation actions: holds, flags, decisions, suspensions, and what members are told."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_rows
from kinship.core.audit import AuditAction
from kinship.notifications.models import Notification
from kinship.safety import kinds, queries
from kinship.safety.actions import decisions, suspensions
from kinship.safety.actions import moderation as actions
from kinship.safety.actions.screening import SourceRef
from kinship.safety.models import (
    Alert,
    AlertReason,
    CaseReason,
    CaseStatus,
    DecisionAction,
    Flag,
    FlagReason,
    ModerationCase,
    ModerationDecision,
    Suspension,
)
from kinship.safety.rules import check_content_rules
from kinship.safety.tests.moderation_helpers import KIND, register_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(monkeypatch):
    return register_posts(monkeypatch)


@pytest.fixture
def people():
    return {
        "author": make_user(handle="river-author"),
        "reader": make_user(handle="lake-reader"),
        "second_reader": make_user(handle="hill-reader"),
        "moderator": make_user(handle="mod-maya", role=Role.MODERATOR),
    }


def told(member, kind=kinds.MODERATION):
    return list(Notification.objects.filter(recipient=member, kind=kind).order_by("id"))


def flagged_case(posts, people, *, reason=FlagReason.HARASSMENT, text="You are all idiots"):
    post_id = posts.add(people["author"], text)
    actions.flag_content(
        reporter=people["reader"], source_kind=KIND, source_id=post_id, reason=reason
    )
    return post_id, ModerationCase.objects.get(source_id=post_id)


def held_case(posts, people, text="Everything I wrote here is held"):
    post_id = posts.add(people["author"], text)
    case = actions.hold_content(source=posts.source(post_id), author=people["author"])
    return post_id, case


# Holding ------------------------------------------------------------------------------------


def test_holding_content_opens_a_held_case_and_holds_it_in_its_app(posts, people):
    post_id = posts.add(people["author"], "Goodbye everyone")
    case = actions.hold_content(source=posts.source(post_id), author=people["author"])

    assert (case.reason, case.is_held, case.status) == (CaseReason.HELD, True, CaseStatus.OPEN)
    assert case.source_url == "/forums/posts/1/"
    assert posts.items[post_id].is_held
    assert not posts.can_view(people["reader"], post_id)
    assert posts.can_view(people["author"], post_id)
    (entry,) = audit_rows(AuditAction.CONTENT_HELD)
    assert entry.subject_id == str(case.pk)
    assert "Goodbye" not in str(entry.data)
    # The app that held it tells the author, next to the crisis card; safety adds nothing.
    assert Notification.objects.count() == 0


def test_holding_flagged_content_reuses_its_open_case(posts, people):
    post_id, case = flagged_case(posts, people)
    again = actions.hold_content(source=posts.source(post_id), author=people["author"])
    assert again.pk == case.pk
    assert again.is_held
    assert again.reason == CaseReason.FLAGGED
    assert ModerationCase.objects.count() == 1


def test_content_of_an_unregistered_kind_can_still_be_held(people):
    source = SourceRef(kind="rooms.line", id="9", url="/rooms/1/")
    case = actions.hold_content(source=source, author=people["author"])
    assert case.is_held
    assert case.source_kind == "rooms.line"


def test_content_rule_hold_and_explanation_are_audited_by_code_only(posts, people):
    text = "Call me at 312-555-0199"
    post_id = posts.add(people["author"], text)
    hits = check_content_rules(text, is_public=True)
    actions.record_content_rule_hits(
        author=people["author"], source_kind=KIND, hits=hits, is_public=True
    )
    case = actions.hold_for_content_rules(
        source=posts.source(post_id), author=people["author"], hits=hits
    )
    assert case.reason == CaseReason.CONTENT_RULE
    assert posts.items[post_id].is_held
    (explained,) = audit_rows(AuditAction.CONTENT_RULE_TRIGGERED)
    assert explained.data == {"codes": ["phone_number"], "is_public": True}
    (held,) = audit_rows(AuditAction.CONTENT_HELD)
    assert held.data["codes"] == ["phone_number"]
    assert "555" not in str(explained.data) + str(held.data)


def test_no_rule_hits_write_no_audit_row(people):
    actions.record_content_rule_hits(
        author=people["author"], source_kind=KIND, hits=[], is_public=True
    )
    assert audit_rows(AuditAction.CONTENT_RULE_TRIGGERED) == []


# Flagging -----------------------------------------------------------------------------------


def test_a_flag_opens_a_case_with_the_reporters_note(posts, people):
    post_id = posts.add(people["author"], "Text me 312-555-0199")
    flag = actions.flag_content(
        reporter=people["reader"],
        source_kind=KIND,
        source_id=post_id,
        reason=FlagReason.CONTACT_DETAILS,
        note="  Their phone number is in there  ",
    )
    case = flag.case
    assert (case.reason, case.is_held, case.author) == (
        CaseReason.FLAGGED,
        False,
        people["author"],
    )
    assert flag.note == "Their phone number is in there"
    (entry,) = audit_rows(AuditAction.CONTENT_FLAGGED)
    assert entry.actor_id == people["reader"].pk
    assert entry.data["reason"] == "contact_details"
    assert "phone" not in str(entry.data)


def test_flagging_twice_for_the_same_reason_changes_nothing(posts, people):
    post_id, _case = flagged_case(posts, people)
    again = actions.flag_content(
        reporter=people["reader"],
        source_kind=KIND,
        source_id=post_id,
        reason=FlagReason.HARASSMENT,
        note="again",
    )
    assert Flag.objects.count() == 1
    assert again.note == ""
    assert len(audit_rows(AuditAction.CONTENT_FLAGGED)) == 1


def test_more_flags_on_the_same_content_join_one_case(posts, people):
    post_id, case = flagged_case(posts, people)
    actions.flag_content(
        reporter=people["second_reader"],
        source_kind=KIND,
        source_id=post_id,
        reason=FlagReason.HARASSMENT,
    )
    actions.flag_content(
        reporter=people["reader"], source_kind=KIND, source_id=post_id, reason=FlagReason.SPAM
    )
    assert ModerationCase.objects.count() == 1
    assert case.flags.count() == 3


@pytest.mark.parametrize(("kind", "post_id"), [(KIND, "404"), ("forums.nothing", "1"), (KIND, "")])
def test_flagging_what_does_not_exist_is_404(posts, people, assert_unchanged, kind, post_id):
    posts.add(people["author"], "hello")
    with assert_unchanged(ModerationCase, Flag), pytest.raises(Http404):
        actions.flag_content(
            reporter=people["reader"], source_kind=kind, source_id=post_id, reason="spam"
        )


def test_a_member_cannot_flag_what_they_cannot_see(posts, people, assert_unchanged):
    _post_id, case = held_case(posts, people)
    with assert_unchanged(Flag), pytest.raises(Http404):
        actions.flag_content(
            reporter=people["reader"], source_kind=KIND, source_id=case.source_id, reason="spam"
        )


def test_a_member_cannot_flag_their_own_words(posts, people, assert_unchanged):
    post_id = posts.add(people["author"], "mine")
    with assert_unchanged(ModerationCase, Flag), pytest.raises(PermissionDenied):
        actions.flag_content(
            reporter=people["author"], source_kind=KIND, source_id=post_id, reason="spam"
        )


def test_an_unknown_reason_or_a_long_note_is_refused(posts, people, assert_unchanged):
    post_id = posts.add(people["author"], "hello")
    with assert_unchanged(ModerationCase, Flag):
        with pytest.raises(ValidationError):
            actions.flag_content(
                reporter=people["reader"], source_kind=KIND, source_id=post_id, reason="boring"
            )
        with pytest.raises(ValidationError):
            actions.flag_content(
                reporter=people["reader"],
                source_kind=KIND,
                source_id=post_id,
                reason="other",
                note="x" * (actions.NOTE_MAX_LENGTH + 1),
            )


def test_someone_may_be_at_risk_opens_a_high_alert_about_the_author(posts, people):
    text = "I can't do this anymore, nobody would notice"
    post_id = posts.add(people["author"], text)
    actions.flag_content(
        reporter=people["reader"],
        source_kind=KIND,
        source_id=post_id,
        reason=FlagReason.AT_RISK,
        note="worried about them",
    )
    (alert,) = Alert.objects.all()
    assert (alert.reason, alert.level, alert.member) == (AlertReason.FLAG, "high", people["author"])
    assert (alert.source_kind, alert.source_id, alert.source_url) == (
        KIND,
        post_id,
        "/forums/posts/1/",
    )
    assert alert.source_text == text


def test_repeating_an_at_risk_flag_opens_no_second_alert(posts, people):
    post_id = posts.add(people["author"], "so tired of all of it")
    for _ in range(2):
        actions.flag_content(
            reporter=people["reader"],
            source_kind=KIND,
            source_id=post_id,
            reason=FlagReason.AT_RISK,
        )
    assert Alert.objects.count() == 1


def test_other_reasons_open_no_alert(posts, people):
    flagged_case(posts, people, reason=FlagReason.METHOD_DETAILS)
    assert not Alert.objects.exists()


# Decisions ----------------------------------------------------------------------------------


def test_approving_held_content_releases_it_and_tells_the_author(posts, people):
    post_id, case = held_case(posts, people)
    decision = actions.approve_case(moderator=people["moderator"], case=case, explanation="")

    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closed_at is not None
    assert not posts.items[post_id].is_held
    assert posts.can_view(people["reader"], post_id)
    assert decision.action == DecisionAction.APPROVE
    assert decision.explanation == decisions.default_explanation(DecisionAction.APPROVE)
    (note,) = told(people["author"])
    assert note.title == "Other members can see what you wrote now"
    assert note.body == decision.explanation
    assert note.url == "/forums/posts/1/"
    (entry,) = audit_rows(AuditAction.MODERATION_APPROVED)
    assert entry.actor_id == people["moderator"].pk
    assert entry.data["was_held"] is True


def test_approving_flagged_content_does_not_tell_the_author_about_the_flag(posts, people):
    _post_id, case = flagged_case(posts, people)
    actions.approve_case(moderator=people["moderator"], case=case)
    assert told(people["author"]) == []
    assert ModerationCase.objects.get().status == CaseStatus.CLOSED


def test_hiding_content_hides_it_and_tells_the_author_without_naming_the_reporter(posts, people):
    post_id, case = flagged_case(posts, people)
    actions.hide_content(
        moderator=people["moderator"],
        case=case,
        explanation="This was unkind to other members, so we hid it.",
    )
    assert posts.items[post_id].is_hidden
    assert not posts.can_view(people["reader"], post_id)
    (note,) = told(people["author"])
    assert note.title == "A moderator hid something you wrote"
    assert note.body == "This was unkind to other members, so we hid it."
    for words in ("lake-reader", "harassment", "flag"):
        assert words not in f"{note.title} {note.body}".lower()
    assert audit_rows(AuditAction.MODERATION_HIDDEN)


def test_editing_out_details_replaces_the_text_releases_it_and_explains(posts, people):
    post_id, case = held_case(posts, people, text="I took 40 of my pills, call me 312-555-0199")
    actions.edit_out_details(
        moderator=people["moderator"],
        case=case,
        new_text="I took [details removed by a moderator]",
        note="We took out the amounts and your number, to keep you and others safe.",
    )
    post = posts.items[post_id]
    assert post.text == "I took [details removed by a moderator]"
    assert not post.is_held
    (note,) = told(people["author"])
    assert note.title == "A moderator edited something you wrote"
    assert "amounts" in note.body
    assert ModerationDecision.objects.get().action == DecisionAction.EDIT
    assert audit_rows(AuditAction.MODERATION_EDITED)


def test_an_edit_needs_the_new_text(posts, people, assert_unchanged):
    _post_id, case = flagged_case(posts, people)
    with assert_unchanged(ModerationCase, ModerationDecision), pytest.raises(ValidationError):
        actions.edit_out_details(moderator=people["moderator"], case=case, new_text="   ")


def test_warning_tells_the_member_and_leaves_the_case_open(posts, people):
    _post_id, case = flagged_case(posts, people)
    actions.warn_member(moderator=people["moderator"], case=case, explanation="Please be kind.")
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    (note,) = told(people["author"])
    assert (note.title, note.body) == ("A message from the moderators", "Please be kind.")
    assert audit_rows(AuditAction.MODERATION_WARNED)


def test_dismissing_flags_closes_the_case_and_tells_nobody(posts, people):
    post_id, case = flagged_case(posts, people)
    actions.dismiss_flags(moderator=people["moderator"], case=case)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert posts.can_view(people["second_reader"], post_id)
    assert Notification.objects.count() == 0
    (entry,) = audit_rows(AuditAction.MODERATION_DISMISSED)
    assert entry.data["flags"] == 1


def test_held_content_cannot_just_be_dismissed(posts, people, assert_unchanged):
    _post_id, case = held_case(posts, people)
    with assert_unchanged(ModerationCase, ModerationDecision), pytest.raises(ValidationError):
        actions.dismiss_flags(moderator=people["moderator"], case=case)


def test_a_decided_case_cannot_be_decided_again(posts, people, assert_unchanged):
    _post_id, case = flagged_case(posts, people)
    actions.approve_case(moderator=people["moderator"], case=case)
    with assert_unchanged(ModerationDecision), pytest.raises(ValidationError) as refused:
        actions.hide_content(moderator=people["moderator"], case=case)
    assert refused.value.code == "closed"


def test_a_new_flag_after_a_decision_opens_a_new_case(posts, people):
    post_id, case = flagged_case(posts, people)
    actions.dismiss_flags(moderator=people["moderator"], case=case)
    actions.flag_content(
        reporter=people["second_reader"], source_kind=KIND, source_id=post_id, reason="spam"
    )
    assert ModerationCase.objects.filter(status=CaseStatus.OPEN).exclude(pk=case.pk).count() == 1


def test_a_moderator_never_decides_about_their_own_words(posts, people, assert_unchanged):
    post_id = posts.add(people["moderator"], "my own post")
    actions.flag_content(
        reporter=people["reader"], source_kind=KIND, source_id=post_id, reason="spam"
    )
    case = ModerationCase.objects.get()
    with assert_unchanged(ModerationCase, ModerationDecision, Suspension):
        for decide in (actions.approve_case, actions.hide_content, actions.warn_member):
            with pytest.raises(PermissionDenied):
                decide(moderator=people["moderator"], case=case)
        with pytest.raises(PermissionDenied):
            suspensions.suspend_member(moderator=people["moderator"], case=case, days=1)


def test_decide_case_runs_the_chosen_action(posts, people):
    post_id, case = flagged_case(posts, people)
    decision = actions.decide_case(
        moderator=people["moderator"], case=case, action="edit", new_text="fixed"
    )
    assert decision.action == DecisionAction.EDIT
    assert posts.items[post_id].text == "fixed"
    with pytest.raises(ValidationError):
        actions.decide_case(moderator=people["moderator"], case=case, action="delete")


# Suspensions --------------------------------------------------------------------------------


def test_suspending_pauses_posting_and_tells_the_member_when_it_ends(posts, people):
    _post_id, case = flagged_case(posts, people)
    suspension = suspensions.suspend_member(
        moderator=people["moderator"],
        case=case,
        days=7,
        explanation="You shared someone else's story without asking.",
    )
    assert suspension.member == people["author"]
    assert suspension.ends_at is not None
    assert suspension.decision is not None
    assert suspension.ends_at - suspension.starts_at == timedelta(days=7)
    assert suspension.decision.action == DecisionAction.SUSPEND
    assert queries.is_suspended(people["author"])
    assert not queries.is_suspended(people["reader"])
    (note,) = told(people["author"])
    assert note.title.startswith("Your posting is paused until ")
    assert "You shared someone else's story without asking." in note.body
    assert "get help at any time" in note.body
    assert note.url == "/help/"
    (entry,) = audit_rows(AuditAction.MODERATION_SUSPENDED)
    assert entry.data["days"] == 7
    assert ModerationCase.objects.get().status == CaseStatus.OPEN


def test_check_can_post_refuses_kindly_and_says_when(posts, people):
    queries.check_can_post(people["author"])
    suspensions.suspend_member(moderator=people["moderator"], member=people["author"], days=3)
    with pytest.raises(PermissionDenied) as refused:
        queries.check_can_post(people["author"])
    message = str(refused.value)
    assert "paused your posting until" in message
    assert "You can still read, and get help at any time" in message


def test_a_suspension_until_lifted_says_so(people):
    suspensions.suspend_member(moderator=people["moderator"], member=people["author"], days=None)
    with pytest.raises(PermissionDenied, match="paused your posting for now"):
        queries.check_can_post(people["author"])
    assert told(people["author"])[0].title == "Your posting is paused for now"


def test_a_suspension_ends_by_itself(people):
    suspensions.suspend_member(moderator=people["moderator"], member=people["author"], days=1)
    later = timezone.now() + timedelta(days=1, minutes=1)
    assert queries.is_suspended(people["author"])
    assert not queries.is_suspended(people["author"], now=later)
    queries.check_can_post(people["author"], now=later)


def test_a_new_suspension_replaces_the_running_one(people):
    first = suspensions.suspend_member(
        moderator=people["moderator"], member=people["author"], days=30
    )
    second = suspensions.suspend_member(
        moderator=people["moderator"], member=people["author"], days=1
    )
    first.refresh_from_db()
    assert first.lifted_at is not None
    assert queries.active_suspension(people["author"]) == second


def test_lifting_a_suspension_lets_the_member_post_again(people):
    suspension = suspensions.suspend_member(
        moderator=people["moderator"], member=people["author"], days=None
    )
    suspensions.lift_suspension(moderator=people["moderator"], suspension=suspension)
    assert not queries.is_suspended(people["author"])
    queries.check_can_post(people["author"])
    assert told(people["author"])[-1].title == "You can post again"
    assert audit_rows(AuditAction.MODERATION_UNSUSPENDED)
    with pytest.raises(ValidationError):
        suspensions.lift_suspension(moderator=people["moderator"], suspension=suspension)


@pytest.mark.parametrize("days", [0, -1, suspensions.SUSPENSION_MAX_DAYS + 1])
def test_suspension_length_must_be_sensible(people, assert_unchanged, days):
    with assert_unchanged(Suspension, ModerationDecision), pytest.raises(ValidationError):
        suspensions.suspend_member(
            moderator=people["moderator"], member=people["author"], days=days
        )


def test_staff_are_suspended_only_by_an_admin_and_nobody_suspends_themselves(
    people, assert_unchanged
):
    other_moderator = make_user(handle="mod-omar", role=Role.MODERATOR)
    admin = make_user(handle="admin-ada", role=Role.ADMIN)
    with assert_unchanged(Suspension, ModerationDecision):
        with pytest.raises(PermissionDenied):
            suspensions.suspend_member(
                moderator=people["moderator"], member=other_moderator, days=1
            )
        with pytest.raises(PermissionDenied):
            suspensions.suspend_member(moderator=admin, member=admin, days=1)
    suspensions.suspend_member(moderator=admin, member=other_moderator, days=1)
    assert queries.is_suspended(other_moderator)


def test_a_suspended_member_can_still_flag(posts, people):
    suspensions.suspend_member(moderator=people["moderator"], member=people["reader"], days=1)
    post_id = posts.add(people["author"], "buy my stuff")
    actions.flag_content(
        reporter=people["reader"], source_kind=KIND, source_id=post_id, reason="spam"
    )
    assert Flag.objects.count() == 1


def test_decisions_reach_an_inactive_author_by_no_notification(posts, people):
    _post_id, case = flagged_case(posts, people)
    people["author"].is_active = False
    people["author"].save(update_fields=["is_active"])
    actions.hide_content(moderator=people["moderator"], case=case)
    assert Notification.objects.count() == 0
    assert ModerationDecision.objects.get().member == people["author"]
