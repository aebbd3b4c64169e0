"""Asking a peer supporter to reach out: the action, the page and the crisis card's form."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinship.accounts.tests.factories import make_user
from kinship.accounts.tests.helpers import audit_model, audit_rows
from kinship.conftest import MATRIX_ROLES
from kinship.core.audit import AuditAction
from kinship.safety.actions import SourceRef, screen_content
from kinship.safety.actions.contact import recent_level_for, request_contact
from kinship.safety.models import Alert, AlertReason, ContactRequest, RiskLevel

pytestmark = pytest.mark.django_db

CONTACT_URL = "/safety/contact/"


@pytest.fixture
def member():
    return make_user(handle="willow")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def stored_message(contact_request: ContactRequest) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT message FROM safety_contactrequest WHERE id = %s", [contact_request.pk]
        )
        return str(cursor.fetchone()[0])


# The action -----------------------------------------------------------------------------


def test_a_request_opens_an_alert_for_the_rota_with_the_members_words(member):
    contact_request = request_contact(member=member, message="  Rough night, would like a call. ")

    alert = Alert.objects.get()
    assert contact_request.alert == alert
    assert (alert.reason, alert.level, alert.member) == (
        AlertReason.CONTACT_REQUEST,
        RiskLevel.CONCERN,
        member,
    )
    assert alert.source_text == "Rough night, would like a call."
    assert contact_request.message == "Rough night, would like a call."


def test_the_message_is_stored_encrypted_and_the_audit_row_has_no_words(member):
    contact_request = request_contact(member=member, message="Rough night")

    assert "Rough night" not in stored_message(contact_request)
    [row] = audit_rows(AuditAction.CONTACT_REQUESTED)
    assert row.actor_id == member.pk
    assert row.data["has_message"] is True
    assert "Rough night" not in str(row.data)


def test_a_second_click_within_ten_minutes_is_the_same_request(member):
    now = timezone.now()
    first = request_contact(member=member, now=now)

    again = request_contact(member=member, message="hello?", now=now + timedelta(minutes=9))

    assert again.pk == first.pk
    assert ContactRequest.objects.count() == 1
    assert Alert.objects.count() == 1
    assert len(audit_rows(AuditAction.CONTACT_REQUESTED)) == 1


def test_after_ten_minutes_a_member_can_ask_again(member):
    now = timezone.now()
    first = request_contact(member=member, now=now)

    later = request_contact(member=member, now=now + timedelta(minutes=11))

    assert later.pk != first.pk
    assert Alert.objects.filter(reason=AlertReason.CONTACT_REQUEST).count() == 2


def test_one_members_request_does_not_stand_in_for_anothers(member):
    request_contact(member=member)
    request_contact(member=make_user(handle="aspen"))

    assert ContactRequest.objects.count() == 2


def test_the_request_takes_the_level_of_what_the_member_just_wrote(member):
    assert recent_level_for(member=member) == RiskLevel.CONCERN
    source = SourceRef("accounts.bio", str(member.pk))
    screen_content(author=member, text="I feel hopeless, nothing gets better.", source=source)
    screen_content(author=member, text="I am going to kill myself tonight.", source=source)

    assert recent_level_for(member=member) == RiskLevel.IMMINENT
    assert recent_level_for(member=make_user()) == RiskLevel.CONCERN


# The page and the card's form -------------------------------------------------------------


def test_page_shows_the_form_and_lines_to_call_now(member):
    html = client_for(member).get(CONTACT_URL).content.decode()

    assert "Talk to a peer supporter" in html
    assert f'action="{CONTACT_URL}"' in html
    assert 'name="message"' in html
    assert 'href="tel:988"' in html


def test_htmx_request_answers_with_the_confirmation_in_place(member):
    response = client_for(member).post(
        CONTACT_URL, {"message": "Could someone check in?"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="peer-contact"' in html
    assert 'role="status"' in html
    assert "A peer supporter will reach out to you here" in html
    assert 'href="tel:988"' in html
    assert 'href="sms:988"' in html
    assert 'href="tel:911"' in html
    assert ContactRequest.objects.get().message == "Could someone check in?"


def test_without_htmx_the_member_goes_back_with_a_message(member):
    client = client_for(member)

    response = client.post(CONTACT_URL, {"message": "", "next": "/me/"})

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    page = client.get("/me/").content.decode()
    assert "A peer supporter will reach out to you here" in page
    assert "988 Suicide &amp; Crisis Lifeline is there day and night" in page
    assert ContactRequest.objects.filter(member=member).count() == 1


def test_a_next_address_on_another_site_is_ignored(member):
    response = client_for(member).post(CONTACT_URL, {"next": "https://example.com/phish"})

    assert response.status_code == 302
    assert response["Location"] == reverse("safety:request-contact")


def test_asking_twice_from_the_card_opens_one_alert(member):
    client = client_for(member)

    client.post(CONTACT_URL, headers={"HX-Request": "true"})
    second = client.post(CONTACT_URL, headers={"HX-Request": "true"})

    assert "A peer supporter will reach out to you here" in second.content.decode()
    assert ContactRequest.objects.count() == 1
    assert Alert.objects.count() == 1


def test_a_message_that_is_too_long_is_kept_and_explained(member, assert_unchanged):
    with assert_unchanged(ContactRequest, Alert, audit_model()):
        response = client_for(member).post(CONTACT_URL, {"message": "x" * 2001})

    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 2000 characters" in html
    assert 'aria-describedby="peer-contact-message-help peer-contact-message-error"' in html
    assert "x" * 2001 in html


@pytest.mark.parametrize("name", MATRIX_ROLES)
def test_every_signed_in_person_may_ask_and_anonymous_is_sent_to_sign_in(
    role_matrix, assert_unchanged, name
):
    person = role_matrix[name]
    client = client_for(person)

    if name == "anonymous":
        with assert_unchanged(ContactRequest, Alert, audit_model()):
            response = client.post(CONTACT_URL, {"message": "hi"})
            page = client.get(CONTACT_URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        assert page.status_code == 302
        return

    assert client.get(CONTACT_URL).status_code == 200
    response = client.post(CONTACT_URL, {"message": "hi"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert ContactRequest.objects.get().member == person
    assert Alert.objects.get().member == person
