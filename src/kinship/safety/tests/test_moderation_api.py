"""The moderation API: flags from members, the queue and decisions for moderators."""

from __future__ import annotations

import pytest
from django.test import Client

from kinship.accounts import actions as account_actions
from kinship.accounts.models import Role, User
from kinship.accounts.tests.factories import make_user
from kinship.conftest import enrol_totp
from kinship.notifications.models import Notification
from kinship.safety import kinds, queries
from kinship.safety.actions import moderation as actions
from kinship.safety.models import Alert, CaseStatus, Flag, ModerationCase, ModerationDecision
from kinship.safety.tests.moderation_helpers import KIND, register_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(monkeypatch):
    return register_posts(monkeypatch)


@pytest.fixture
def author():
    return make_user(handle="river-author")


def api(user) -> Client:
    _token, secret = account_actions.create_token(user=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {secret}"})


def moderator_api(handle: str = "mod-maya") -> tuple[Client, User]:
    moderator = make_user(handle=handle, role=Role.MODERATOR)
    enrol_totp(moderator)
    return api(moderator), moderator


def post_json(client: Client, path: str, body: dict[str, object]):
    return client.post(f"/api/v1{path}", body, content_type="application/json")


def flagged(posts, author, text="buy my stuff", reason="spam", note=""):
    post_id = posts.add(author, text)
    reporter = make_user(handle=f"reporter-{post_id}")
    actions.flag_content(
        reporter=reporter, source_kind=KIND, source_id=post_id, reason=reason, note=note
    )
    return ModerationCase.objects.get(source_id=post_id, status=CaseStatus.OPEN)


# Flags --------------------------------------------------------------------------------------


def test_a_member_flags_content_and_is_thanked(posts, author):
    post_id = posts.add(author, "buy my stuff")
    client = api(make_user(handle="lake-reader"))
    body = {"kind": KIND, "id": post_id, "reason": "spam", "note": "ads again"}

    response = post_json(client, "/flags", body)

    assert response.status_code == 201
    answer = response.json()
    assert answer["reason"] == "spam"
    assert "will not know who told us" in answer["message"]
    assert Flag.objects.get().note == "ads again"
    again = post_json(client, "/flags", body)
    assert again.status_code == 201
    assert Flag.objects.count() == 1


def test_an_at_risk_flag_says_what_to_do_if_the_danger_is_immediate(posts, author):
    post_id = posts.add(author, "I don't see the point of any of it")
    response = post_json(
        api(make_user()), "/flags", {"kind": KIND, "id": post_id, "reason": "at_risk"}
    )
    assert response.status_code == 201
    message = response.json()["message"]
    assert "call 911 now" in message
    assert "988" in message
    assert Alert.objects.get().member == author


def test_flag_errors(posts, author):
    post_id = posts.add(author, "words")
    client = api(make_user())
    unknown = post_json(client, "/flags", {"kind": "forums.post", "id": "1", "reason": "spam"})
    missing = post_json(client, "/flags", {"kind": KIND, "id": "99", "reason": "spam"})
    bad_reason = post_json(client, "/flags", {"kind": KIND, "id": post_id, "reason": "meh"})
    own = post_json(api(author), "/flags", {"kind": KIND, "id": post_id, "reason": "spam"})
    anonymous = post_json(Client(), "/flags", {"kind": KIND, "id": post_id, "reason": "spam"})
    assert [
        unknown.status_code,
        missing.status_code,
        bad_reason.status_code,
        own.status_code,
        anonymous.status_code,
    ] == [404, 404, 422, 403, 401]
    assert "something you wrote" in own.json()["detail"]
    assert not Flag.objects.exists()


# The queue ----------------------------------------------------------------------------------


def test_moderators_list_the_queue_in_order_with_flags_grouped(posts, author):
    client, _moderator = moderator_api()
    flagged(posts, author, "one flag")
    two = flagged(posts, author, "two flags", reason="harassment", note="rude")
    actions.flag_content(
        reporter=make_user(), source_kind=KIND, source_id=two.source_id, reason="harassment"
    )
    held_id = posts.add(author, "held words")
    held = actions.hold_content(source=posts.source(held_id), author=author)

    response = client.get("/api/v1/moderation/cases")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [case["id"] for case in body["results"]][:2] == [held.pk, two.pk]
    second = body["results"][1]
    assert second["text"] == "two flags"
    assert second["author"] == "river-author"
    assert second["flag_count"] == 2
    (group,) = second["flags"]
    assert (group["reason"], group["count"]) == ("harassment", 2)
    assert group["notes"][0]["text"] == "rude"
    assert group["notes"][0]["reporter"].startswith("reporter-")
    assert body["results"][0]["is_held"] is True


def test_the_queue_pages_and_costs_the_same_queries_for_many_cases(
    posts, author, assert_queries_at_most
):
    client, _moderator = moderator_api()
    for number in range(15):
        flagged(posts, make_user(handle=f"author-{number}"), f"post {number}")
    with assert_queries_at_most(9):
        first = client.get("/api/v1/moderation/cases", {"limit": 10})
    second = client.get("/api/v1/moderation/cases", {"limit": 10, "offset": 10})
    assert first.json()["count"] == 15
    assert len(first.json()["results"]) == 10
    assert len(second.json()["results"]) == 5


def test_a_case_shows_its_history_decisions_and_rule_codes(posts, author):
    client, moderator = moderator_api()
    earlier = flagged(posts, author, "earlier")
    actions.warn_member(moderator=moderator, case=earlier, explanation="Please be kind.")
    case = flagged(posts, author, "text me 312-555-0199", reason="contact_details")
    actions.warn_member(moderator=moderator, case=case, explanation="No numbers, please.")

    body = client.get(f"/api/v1/moderation/cases/{case.pk}").json()

    assert body["rule_codes"] == ["phone_number"]
    assert [decision["explanation"] for decision in body["decisions"]] == ["No numbers, please."]
    assert body["earlier_decisions"] == 2
    assert {decision["moderator"] for decision in body["history"]} == {"mod-maya"}


def test_a_moderator_never_learns_who_flagged_their_own_words(posts):
    client, moderator = moderator_api()
    case = flagged(posts, moderator, "my post", note="mean")
    body = client.get(f"/api/v1/moderation/cases/{case.pk}").json()
    assert body["flags"][0]["notes"][0] == {
        "text": "mean",
        "reporter": None,
        "created_at": body["flags"][0]["notes"][0]["created_at"],
    }


# Decisions ----------------------------------------------------------------------------------


def test_a_moderator_decides_and_the_member_is_told(posts, author):
    client, moderator = moderator_api()
    case = flagged(posts, author)
    response = post_json(
        client,
        f"/moderation/cases/{case.pk}/decisions",
        {"action": "hide", "explanation": "Ads are not allowed here."},
    )
    assert response.status_code == 201
    assert response.json()["action"] == "hide"
    assert response.json()["moderator"] == "mod-maya"
    assert posts.items[case.source_id].is_hidden
    note = Notification.objects.get(recipient=author, kind=kinds.MODERATION)
    assert note.body == "Ads are not allowed here."


def test_suspend_through_the_api(posts, author):
    client, _moderator = moderator_api()
    case = flagged(posts, author)
    response = post_json(
        client, f"/moderation/cases/{case.pk}/decisions", {"action": "suspend", "days": 3}
    )
    assert response.status_code == 201
    assert queries.is_suspended(author)


def test_decision_errors(posts, author):
    client, moderator = moderator_api()
    case = flagged(posts, author)
    no_text = post_json(client, f"/moderation/cases/{case.pk}/decisions", {"action": "edit"})
    assert no_text.status_code == 422
    assert no_text.json()["detail"][0]["loc"] == ["body", "payload", "new_text"]
    too_long = post_json(
        client, f"/moderation/cases/{case.pk}/decisions", {"action": "suspend", "days": 400}
    )
    assert too_long.status_code == 422
    decided = post_json(client, f"/moderation/cases/{case.pk}/decisions", {"action": "approve"})
    assert decided.status_code == 201
    again = post_json(client, f"/moderation/cases/{case.pk}/decisions", {"action": "hide"})
    assert again.status_code == 409
    missing = post_json(client, "/moderation/cases/999/decisions", {"action": "hide"})
    assert missing.status_code == 404
    own = flagged(posts, moderator, "my own post")
    refused = post_json(client, f"/moderation/cases/{own.pk}/decisions", {"action": "approve"})
    assert refused.status_code == 403
    assert ModerationDecision.objects.count() == 1


def test_staff_need_an_authenticator_app_for_the_moderation_api(posts, author):
    moderator = make_user(handle="mod-new", role=Role.MODERATOR)
    case = flagged(posts, author)
    client = api(moderator)
    assert client.get("/api/v1/moderation/cases").status_code == 403
    response = post_json(client, f"/moderation/cases/{case.pk}/decisions", {"action": "hide"})
    assert response.status_code == 403
    assert not ModerationDecision.objects.exists()
