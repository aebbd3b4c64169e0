"""Moderation pages through HTTP: the queue, a case and its decisions, the flag form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinship.accounts.models import Role
from kinship.accounts.tests.factories import make_user
from kinship.conftest import enrol_totp
from kinship.notifications.models import Notification
from kinship.safety import kinds, queries
from kinship.safety.actions import decisions, suspensions
from kinship.safety.actions import moderation as actions
from kinship.safety.models import (
    Alert,
    CaseStatus,
    Flag,
    FlagReason,
    ModerationCase,
    ModerationDecision,
    Suspension,
)
from kinship.safety.tests.moderation_helpers import KIND, register_posts

pytestmark = pytest.mark.django_db

QUEUE = reverse("safety:moderation-queue")


@pytest.fixture
def posts(monkeypatch):
    return register_posts(monkeypatch)


@pytest.fixture
def moderator():
    person = make_user(handle="mod-maya", role=Role.MODERATOR)
    enrol_totp(person)
    return person


@pytest.fixture
def author():
    return make_user(handle="river-author")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def flag(posts, author, text, *reasons, notes=()):
    post_id = posts.add(author, text)
    for number, reason in enumerate(reasons):
        reporter = make_user(handle=f"reporter-{post_id}-{number}")
        note = notes[number] if number < len(notes) else ""
        actions.flag_content(
            reporter=reporter, source_kind=KIND, source_id=post_id, reason=reason, note=note
        )
    return ModerationCase.objects.get(source_id=post_id, status=CaseStatus.OPEN)


def flag_url(post_id: str) -> str:
    return f"{reverse('safety:flag')}?kind={KIND}&id={post_id}"


# The queue ----------------------------------------------------------------------------------


def test_the_queue_lists_held_first_then_most_flagged_then_oldest(posts, moderator, author):
    old_one_flag = flag(posts, author, "old, one flag", "spam")
    two_flags = flag(posts, author, "two flags", "spam", "harassment")
    new_one_flag = flag(posts, author, "new, one flag", "spam")
    ModerationCase.objects.filter(pk=old_one_flag.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    held_id = posts.add(author, "held words")
    held = actions.hold_content(source=posts.source(held_id), author=author)

    response = signed_in(moderator).get(QUEUE)

    assert response.status_code == 200
    shown = [view.case.pk for view in response.context["cases"]]
    assert shown == [held.pk, two_flags.pk, old_one_flag.pk, new_one_flag.pk]
    assert "4 cases are waiting" in response.content.decode()


def test_the_queue_shows_flags_by_reason_with_notes_text_author_and_history(
    posts, moderator, author
):
    earlier = flag(posts, author, "an earlier post", "spam")
    actions.warn_member(moderator=moderator, case=earlier, explanation="Please, no ads.")
    actions.dismiss_flags(moderator=moderator, case=earlier)
    flag(
        posts,
        author,
        "Call me at 312-555-0199",
        "contact_details",
        "contact_details",
        "harassment",
        notes=("their number is in it", "", "rude to me"),
    )

    page = signed_in(moderator).get(QUEUE).content.decode()

    assert "Call me at 312-555-0199" in page
    assert "river-author" in page
    assert "Shares contact details in public</strong> (2)" in page
    assert "their number is in it" in page
    assert "rude to me" in page
    assert "reporter-" in page  # moderators see who flagged
    assert "2 earlier decisions about this member" in page


def test_the_queue_never_names_reporters_on_a_case_about_the_moderator(posts, moderator):
    flag(posts, moderator, "the moderator's own post", "harassment", notes=("mean",))
    page = signed_in(moderator).get(QUEUE).content.decode()
    assert "mean" in page
    assert "reporter-" not in page


def test_the_queue_costs_the_same_queries_for_few_or_many_cases(
    posts, moderator, author, assert_queries_at_most
):
    client = signed_in(moderator)
    flag(posts, author, "first", "spam", "harassment", notes=("a", "b"))
    client.get(QUEUE)
    for number in range(12):
        case = flag(posts, make_user(handle=f"author-{number}"), f"post {number}", "spam", "other")
        actions.warn_member(moderator=moderator, case=case)
    with assert_queries_at_most(11):
        response = client.get(QUEUE)
    assert len(response.context["cases"]) == 13


def test_the_queue_says_what_to_expect_when_empty(moderator):
    page = signed_in(moderator).get(QUEUE).content.decode()
    assert "The queue is empty." in page


def test_htmx_gets_just_the_cases(posts, moderator, author):
    flag(posts, author, "a post", "spam")
    response = signed_in(moderator).get(QUEUE, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert 'id="moderation-cases"' in page
    assert "<html" not in page


def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(posts, author):
    moderator = make_user(handle="mod-new", role=Role.MODERATOR)
    case = flag(posts, author, "a post", "spam")
    for url in (QUEUE, case.get_absolute_url()):
        response = signed_in(moderator).get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:mfa-required")


# A case -------------------------------------------------------------------------------------


def test_a_case_page_marks_the_words_that_break_the_rules_and_offers_kind_defaults(
    posts, moderator, author
):
    case = flag(posts, author, "Text me at 312-555-0199 ok", "contact_details")
    response = signed_in(moderator).get(case.get_absolute_url())
    page = response.content.decode()
    assert '<mark title="phone_number">312-555-0199</mark>' in page
    assert "This looks like a phone number" in page
    actions_offered = [form.action for form in response.context["forms"]]
    assert actions_offered == ["approve", "edit", "hide", "dismiss", "warn", "suspend"]
    hide_form = next(form for form in response.context["forms"] if form.action == "hide")
    assert hide_form["explanation"].value() == decisions.default_explanation("hide")
    edit_form = next(form for form in response.context["forms"] if form.action == "edit")
    assert edit_form["new_text"].value() == "Text me at 312-555-0199 ok"


def test_held_content_cannot_be_dismissed_from_its_page(posts, moderator, author):
    post_id = posts.add(author, "held")
    case = actions.hold_content(source=posts.source(post_id), author=author)
    client = signed_in(moderator)
    offered = [form.action for form in client.get(case.get_absolute_url()).context["forms"]]
    assert "dismiss" not in offered
    response = client.post(case.get_absolute_url(), {"action": "dismiss"}, follow=True)
    assert "not open for this case any more" in response.content.decode()
    assert ModerationCase.objects.get().status == CaseStatus.OPEN


def test_approving_from_the_case_page_releases_the_post_and_tells_the_member(
    posts, moderator, author
):
    post_id = posts.add(author, "held for a moderator")
    case = actions.hold_content(source=posts.source(post_id), author=author)
    other = make_user(handle="other-reader")
    assert not posts.can_view(other, post_id)

    response = signed_in(moderator).post(
        case.get_absolute_url(),
        {"action": "approve", "approve-explanation": "All good, thank you for sharing."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == QUEUE
    assert "Approved. The case is closed." in response.content.decode()
    assert posts.can_view(other, post_id)
    note = Notification.objects.get(recipient=author, kind=kinds.MODERATION)
    assert note.body == "All good, thank you for sharing."


def test_an_edit_without_text_keeps_what_was_typed_and_says_what_is_missing(
    posts, moderator, author
):
    case = flag(posts, author, "my number 312-555-0199", "contact_details")
    response = signed_in(moderator).post(
        case.get_absolute_url(),
        {"action": "edit", "edit-new_text": "", "edit-explanation": "We took your number out."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "We took your number out." in page
    assert "This field is required." in page
    assert not ModerationDecision.objects.exists()


def test_suspending_from_the_case_page_returns_to_the_case(posts, moderator, author):
    case = flag(posts, author, "buy pills from me", "solicitation")
    response = signed_in(moderator).post(
        case.get_absolute_url(),
        {"action": "suspend", "suspend-days": "7", "suspend-explanation": "Selling is not ok."},
    )
    assert response["Location"] == case.get_absolute_url()
    suspension = Suspension.objects.get()
    assert suspension.ends_at is not None
    assert suspension.ends_at - suspension.starts_at == timedelta(days=7)
    page = signed_in(moderator).get(case.get_absolute_url()).content.decode()
    assert "This member cannot post until" in page
    assert "Lift the pause now" in page


def test_lifting_from_the_case_page(posts, moderator, author):
    case = flag(posts, author, "a post", "spam")
    suspension = suspensions.suspend_member(moderator=moderator, case=case, days=None)
    url = reverse("safety:suspension-lift", kwargs={"suspension_id": suspension.pk})
    response = signed_in(moderator).post(url, {"case": str(case.pk)}, follow=True)
    assert response.redirect_chain[-1][0] == case.get_absolute_url()
    assert "river-author can post again." in response.content.decode()
    assert not queries.is_suspended(author)
    again = signed_in(moderator).post(url, follow=True)
    assert "already ended" in again.content.decode()


def test_a_case_about_the_moderator_shows_no_decision_forms(posts, moderator):
    case = flag(posts, moderator, "my own post", "spam")
    page = signed_in(moderator).get(case.get_absolute_url()).content.decode()
    assert "another moderator decides" in page
    assert 'name="action"' not in page
    response = signed_in(moderator).post(
        case.get_absolute_url(), {"action": "approve", "approve-explanation": "fine"}
    )
    assert response.status_code == 403
    assert not ModerationDecision.objects.exists()


def test_a_decided_case_still_offers_warn_and_suspend(posts, moderator, author):
    case = flag(posts, author, "a post", "spam")
    actions.hide_content(moderator=moderator, case=case)
    response = signed_in(moderator).get(case.get_absolute_url())
    assert [form.action for form in response.context["forms"]] == ["warn", "suspend"]
    assert "Hide" in response.content.decode()


def test_a_missing_case_is_404(moderator):
    url = reverse("safety:case-detail", kwargs={"case_id": 999})
    assert signed_in(moderator).get(url).status_code == 404


# The flag form ------------------------------------------------------------------------------


def test_the_flag_form_shows_each_reason_in_plain_words(posts, author):
    post_id = posts.add(author, "some words")
    page = signed_in(make_user()).get(flag_url(post_id)).content.decode()
    assert "some words" in page
    for reason in FlagReason:
        assert str(reason.label) in page
    assert "A peer supporter on call is told right away." in page
    assert "never told who flagged it" in page


def test_flagging_thanks_the_member(posts, author):
    post_id = posts.add(author, "buy my stuff")
    reporter = make_user()
    response = signed_in(reporter).post(flag_url(post_id), {"reason": "spam", "note": "ads"})
    page = response.content.decode()
    assert "Thank you for telling us" in page
    assert "If the danger is immediate" not in page  # the help panel on every page stays
    assert Flag.objects.get().note == "ads"


def test_someone_at_risk_gets_the_reporter_told_what_to_do_if_the_danger_is_immediate(
    posts, author
):
    post_id = posts.add(author, "I want it all to stop")
    response = signed_in(make_user()).post(flag_url(post_id), {"reason": "at_risk"})
    page = response.content.decode()
    assert "If the danger is immediate" in page
    assert "call 911 now" in page
    assert "call or text 988" in page
    assert 'href="tel:911"' in page
    assert Alert.objects.get().member == author


def test_a_flag_without_a_reason_keeps_the_note(posts, author):
    post_id = posts.add(author, "words")
    response = signed_in(make_user()).post(flag_url(post_id), {"note": "please look"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "please look" in page
    assert "This field is required." in page
    assert not Flag.objects.exists()


def test_flagging_your_own_words_is_refused(posts, author):
    post_id = posts.add(author, "mine")
    assert signed_in(author).get(flag_url(post_id)).status_code == 403


def test_the_flag_form_for_unknown_content_is_404(posts):
    client = signed_in(make_user())
    assert client.get(flag_url("77")).status_code == 404
    assert client.get(reverse("safety:flag")).status_code == 404


# Suspended members --------------------------------------------------------------------------


def test_a_suspended_member_cannot_post_but_can_still_read_and_get_help(posts, moderator, author):
    suspensions.suspend_member(moderator=moderator, member=author, days=3)
    with pytest.raises(PermissionDenied, match="paused your posting"):
        queries.check_can_post(author)
    client = signed_in(author)
    assert client.get(reverse("help")).status_code == 200
    assert client.get(reverse("safety:request-contact")).status_code == 200
    assert client.get(reverse("notifications:list")).status_code == 200
    other_post = posts.add(make_user(handle="someone-else"), "hello")
    assert client.get(flag_url(other_post)).status_code == 200


def test_a_chosen_reason_stays_chosen_when_the_note_is_too_long(posts, author):
    post_id = posts.add(author, "words")
    response = signed_in(make_user()).post(
        flag_url(post_id), {"reason": "harassment", "note": "x" * (actions.NOTE_MAX_LENGTH + 1)}
    )
    page = response.content.decode()
    assert (
        'value="harassment" id="id_reason_1" aria-describedby="id_reason_1_helptext" checked'
        in (page)
    )
    assert not Flag.objects.exists()
