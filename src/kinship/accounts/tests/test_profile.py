from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from hypothesis import given
from hypothesis import strategies as st

from kinship.accounts import queries
from kinship.accounts.models import User
from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_model, audit_rows
from kinship.accounts.validators import available_time_zones, validate_time_zone
from kinship.core.audit import AuditAction

pytestmark = pytest.mark.django_db


def profile_data(**overrides):
    data = {
        "handle": "gentle-fern",
        "pronouns": "they/them",
        "languages": ["es", "en"],
        "other_languages": "vi, ase",
        "time_zone": "America/Denver",
        "bio": "Learning to rest.",
        "show_pronouns": "on",
        "show_bio": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def member(db):
    return make_user(handle="gentle-fern", email="fern@example.test", bio="")


def test_member_saves_their_profile_and_it_is_audited(client, member):
    client.force_login(member)

    response = client.post("/me/", profile_data())

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.pronouns == "they/them"
    assert member.languages == ["es", "en", "vi", "ase"]
    assert member.time_zone == "America/Denver"
    assert member.bio == "Learning to rest."
    assert (member.show_pronouns, member.show_languages, member.show_bio) == (True, False, True)
    rows = audit_rows(AuditAction.PROFILE_UPDATED)
    assert [row.actor_id for row in rows] == [member.pk]
    assert rows[0].data["fields"] == [
        "bio",
        "languages",
        "pronouns",
        "show_bio",
        "show_languages",
        "time_zone",
    ]
    assert "Learning to rest" not in str(rows[0].data)


def test_profile_page_shows_current_values(client, member):
    member.languages = ["es", "vi"]
    member.save()
    client.force_login(member)

    page = client.get("/me/").content.decode()

    assert 'value="gentle-fern"' in page
    assert 'value="vi"' in page
    assert '<option value="America/Chicago" selected>' in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice"),
        ({"other_languages": "Klingon!!"}, "other_languages", "is not a language code"),
        ({"bio": "x" * 501}, "bio", "at most 500 characters"),
        ({"handle": "fern@example.test"}, "handle", "e-mail address"),
    ],
)
def test_profile_errors_keep_what_was_typed(
    client, member, assert_unchanged, overrides, field, message
):
    client.force_login(member)

    with assert_unchanged(User, audit_model()):
        response = client.post("/me/", profile_data(pronouns="she/they", **overrides))

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert 'value="she/they"' in page


def test_profile_handle_clash_ignores_letter_case(client, member, assert_unchanged):
    make_user(handle="Brave-Sparrow")
    client.force_login(member)

    with assert_unchanged(User):
        response = client.post("/me/", profile_data(handle="brave-sparrow"))

    assert "Someone already uses that handle" in response.content.decode()


def test_member_may_change_the_letter_case_of_their_own_handle(client, member):
    client.force_login(member)

    client.post("/me/", profile_data(handle="Gentle-Fern"))

    member.refresh_from_db()
    assert member.handle == "Gentle-Fern"


def test_others_see_only_what_the_member_chose_to_show(client):
    person = make_user(
        handle="open-meadow",
        email="meadow@example.test",
        pronouns="she/her",
        languages=["es"],
        bio="Private words.",
        show_pronouns=True,
        show_languages=False,
        show_bio=False,
    )
    client.force_login(make_user())

    page = client.get("/me/people/OPEN-MEADOW/").content.decode()

    assert "open-meadow" in page
    assert "she/her" in page
    assert "<dd>Spanish</dd>" not in page
    assert "Private words." not in page
    assert "meadow@example.test" not in page
    person.show_languages = person.show_bio = True
    person.save()
    page = client.get("/me/people/open-meadow/").content.decode()
    assert "<dd>Spanish</dd>" in page
    assert "Private words." in page
    assert "meadow@example.test" not in page


def test_public_profile_query_hides_unshown_fields_from_others_not_from_self():
    person = make_user(pronouns="he/him", bio="Hi", show_pronouns=False, show_bio=False)
    viewer = make_user()

    seen_by_other = queries.public_profile(viewer=viewer, handle=person.handle)
    seen_by_self = queries.public_profile(viewer=person, handle=person.handle)

    assert (seen_by_other.pronouns, seen_by_other.bio) == (None, None)
    assert (seen_by_self.pronouns, seen_by_self.bio) == ("he/him", "Hi")


def test_public_profile_of_an_unknown_or_inactive_member_is_not_found(client):
    make_user(handle="gone-away", is_active=False)
    viewer = make_user()
    client.force_login(viewer)

    assert client.get("/me/people/gone-away/").status_code == 404
    assert client.get("/me/people/nobody-here/").status_code == 404
    with pytest.raises(Http404):
        queries.public_profile(viewer=viewer, handle="gone-away")


def test_public_profile_needs_sign_in(client):
    make_user(handle="open-meadow")

    response = client.get("/me/people/open-meadow/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_public_profile_page_query_count(client, assert_queries_at_most):
    person = make_user(languages=["es", "en"])
    client.force_login(make_user())

    with assert_queries_at_most(4):
        assert client.get(f"/me/people/{person.handle}/").status_code == 200


@pytest.mark.parametrize("name", ["America/Chicago", "America/New_York", "UTC", "Europe/Madrid"])
def test_real_time_zones_are_accepted(name):
    validate_time_zone(name)


@given(st.text(max_size=40).filter(lambda name: name not in available_time_zones()))
def test_anything_that_is_not_an_iana_time_zone_is_refused(name):
    with pytest.raises(ValidationError):
        validate_time_zone(name)
