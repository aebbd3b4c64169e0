"""Who may use the moderation queue, decide, suspend and flag, for every role.

Moderators, coordinators and admins moderate; everyone else gets 404 and nothing changes.
Every signed-in member may flag what they can see.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_model
from kinship.conftest import MATRIX_ROLES
from kinship.notifications.models import Notification
from kinship.safety import queries
from kinship.safety.actions import moderation as actions
from kinship.safety.actions import suspensions
from kinship.safety.models import (
    Flag,
    FlagReason,
    ModerationCase,
    ModerationDecision,
    Suspension,
)
from kinship.safety.tests.moderation_helpers import KIND, register_posts

pytestmark = pytest.mark.django_db

MODERATORS = {"moderator", "coordinator", "admin"}
DECISIONS = ["approve", "hide", "edit", "warn", "suspend", "dismiss"]


@pytest.fixture
def posts(monkeypatch):
    return register_posts(monkeypatch)


@pytest.fixture
def case(posts):
    """A flagged post by someone outside the matrix, so every role could act on it."""
    author = make_user(handle="matrix-author")
    reporter = make_user(handle="matrix-reporter")
    post_id = posts.add(author, "Buy my stuff, my number is 312-555-0199")
    actions.flag_content(
        reporter=reporter, source_kind=KIND, source_id=post_id, reason=FlagReason.SPAM
    )
    return ModerationCase.objects.get()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def decide(action: str, moderator, case) -> None:
    if action == "suspend":
        suspensions.suspend_member(moderator=moderator, case=case, days=1)
    else:
        actions.decide_case(moderator=moderator, case=case, action=action, new_text="edited")


def unchanged_models():
    return (ModerationCase, ModerationDecision, Suspension, Flag, Notification, audit_model())


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_the_queue_is_for_moderators_only(role_matrix, case, name):
    response = client_for(role_matrix[name]).get(reverse("safety:moderation-queue"))
    if name == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif name in MODERATORS:
        assert response.status_code == 200
        assert b"matrix-author" in response.content
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_a_case_page_is_for_moderators_only(role_matrix, case, name):
    response = client_for(role_matrix[name]).get(case.get_absolute_url())
    if name == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if name in MODERATORS else 404)


@pytest.mark.parametrize("action", DECISIONS)
@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_only_moderators_decide(role_matrix, case, assert_unchanged, posts, name, action):
    actor = role_matrix[name]
    if name in MODERATORS:
        decide(action, actor, case)
        assert ModerationDecision.objects.filter(moderator=actor, action=action).exists()
        return
    with assert_unchanged(*unchanged_models()), pytest.raises(Http404):
        decide(action, actor, case)
    assert posts.items[case.source_id].text.startswith("Buy my stuff")


@pytest.mark.parametrize("action", DECISIONS)
@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_decision_forms_refuse_everyone_but_moderators(
    role_matrix, case, assert_unchanged, name, action
):
    actor = role_matrix[name]
    data = {"action": action, f"{action}-explanation": "Because.", f"{action}-new_text": "x"}
    if name in MODERATORS:
        response = client_for(actor).post(case.get_absolute_url(), data)
        assert response.status_code == 302
        assert ModerationDecision.objects.filter(moderator=actor, action=action).exists()
        return
    with assert_unchanged(*unchanged_models()):
        response = client_for(actor).post(case.get_absolute_url(), data)
    assert response.status_code == (302 if name == "anonymous" else 404)


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_only_moderators_lift_a_suspension(role_matrix, assert_unchanged, name):
    member = make_user(handle="matrix-suspended")
    suspension = suspensions.suspend_member(moderator=role_matrix.admin, member=member, days=3)
    url = reverse("safety:suspension-lift", kwargs={"suspension_id": suspension.pk})
    actor = role_matrix[name]
    if name in MODERATORS:
        client_for(actor).post(url)
        assert not queries.is_suspended(member)
        return
    with assert_unchanged(*unchanged_models()):
        response = client_for(actor).post(url)
        with pytest.raises(Http404):
            suspensions.lift_suspension(moderator=actor, suspension=suspension)
    assert response.status_code == (302 if name == "anonymous" else 404)
    assert queries.is_suspended(member)


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_suspending_a_staff_member_needs_an_admin(role_matrix, assert_unchanged, name):
    actor = role_matrix[name]
    target = make_user(handle="matrix-staff-target", role="coordinator")
    if name == "admin":
        suspensions.suspend_member(moderator=actor, member=target, days=1)
        assert queries.is_suspended(target)
        return
    expected = PermissionDenied if name in MODERATORS else Http404
    with assert_unchanged(*unchanged_models()), pytest.raises(expected):
        suspensions.suspend_member(moderator=actor, member=target, days=1)


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_every_member_may_flag_what_they_can_see(role_matrix, posts, name):
    author = make_user(handle="matrix-poster")
    post_id = posts.add(author, "a post anyone can read")
    url = f"{reverse('safety:flag')}?kind={KIND}&id={post_id}"
    client = client_for(role_matrix[name])
    assert client.get(url).status_code == (302 if name == "anonymous" else 200)
    response = client.post(url, {"reason": "spam"})
    if name == "anonymous":
        assert response.status_code == 302
        assert not Flag.objects.exists()
    else:
        assert response.status_code == 200
        assert Flag.objects.get().reporter == role_matrix[name]


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_held_content_can_be_flagged_only_by_those_who_can_see_it(
    role_matrix, posts, assert_unchanged, name
):
    author = make_user(handle="matrix-held-author")
    post_id = posts.add(author, "held words")
    actions.hold_content(source=posts.source(post_id), author=author)
    url = f"{reverse('safety:flag')}?kind={KIND}&id={post_id}"
    client = client_for(role_matrix[name])
    if name in MODERATORS:
        assert client.get(url).status_code == 200
        return
    with assert_unchanged(Flag):
        response = client.post(url, {"reason": "spam"})
    assert response.status_code == (302 if name == "anonymous" else 404)


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_the_moderation_api_is_for_moderators_only(role_matrix, case, assert_unchanged, name):
    client = client_for(role_matrix[name])
    listing = client.get("/api/v1/moderation/cases")
    detail = client.get(f"/api/v1/moderation/cases/{case.pk}")
    expected = 401 if name == "anonymous" else (200 if name in MODERATORS else 404)
    assert (listing.status_code, detail.status_code) == (expected, expected)
    if name in MODERATORS:
        return
    with assert_unchanged(*unchanged_models()):
        for action in DECISIONS:
            response = client.post(
                f"/api/v1/moderation/cases/{case.pk}/decisions",
                {"action": action, "new_text": "x", "days": 1},
                content_type="application/json",
            )
            assert response.status_code == expected
