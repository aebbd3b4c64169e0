import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from kinship.accounts.tests.factories import UserFactory
from kinship.core.audit import AuditAction
from kinship.privacy import actions
from kinship.privacy.models import AuditEntry, ConsentGrant, ConsentScope
from kinship.privacy.queries import has_consent, list_members_sharing_with

PAGE = "/me/privacy/"


@pytest.mark.django_db
def test_granting_consent_lets_that_person_see_and_is_audited(member):
    mentor = UserFactory.create(role="peer_supporter")
    other_supporter = UserFactory.create(role="peer_supporter")
    assert not has_consent(member=member, scope=ConsentScope.CHECKINS, viewer=mentor)

    grant = actions.grant_consent(
        member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor, reason="for our sessions"
    )

    assert has_consent(member=member, scope=ConsentScope.CHECKINS, viewer=mentor)
    assert not has_consent(member=member, scope=ConsentScope.SAFETY_PLAN, viewer=mentor)
    assert not has_consent(member=member, scope=ConsentScope.CHECKINS, viewer=other_supporter)
    entry = AuditEntry.objects.get(action=AuditAction.CONSENT_GRANTED)
    assert entry.actor_pk == member.pk
    assert entry.subject_id == str(grant.pk)
    assert entry.data == {"scope": "checkins", "grantee_user": mentor.pk, "grantee_role": ""}
    assert "for our sessions" not in str(entry.data)


@pytest.mark.django_db
def test_role_grant_reaches_that_role_only(member):
    coordinator = UserFactory.create(role="coordinator")
    admin = UserFactory.create(role="admin")
    other_member = UserFactory.create()
    actions.grant_consent(
        member=member, scope=ConsentScope.OUTCOME_SCORES, grantee_role="coordinator"
    )
    assert has_consent(member=member, scope=ConsentScope.OUTCOME_SCORES, viewer=coordinator)
    assert not has_consent(member=member, scope=ConsentScope.OUTCOME_SCORES, viewer=admin)
    assert not has_consent(member=member, scope=ConsentScope.OUTCOME_SCORES, viewer=other_member)
    assert list(
        list_members_sharing_with(viewer=coordinator, scope=ConsentScope.OUTCOME_SCORES)
    ) == [member]


@pytest.mark.django_db
def test_a_member_always_sees_their_own_records_and_anonymous_never_does(member):
    from django.contrib.auth.models import AnonymousUser

    assert has_consent(member=member, scope=ConsentScope.SAFETY_PLAN, viewer=member)
    assert not has_consent(member=member, scope=ConsentScope.SAFETY_PLAN, viewer=AnonymousUser())


@pytest.mark.django_db
def test_inactive_grantee_loses_access(member):
    mentor = UserFactory.create(role="peer_supporter")
    actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor)
    mentor.is_active = False
    mentor.save(update_fields=["is_active"])
    assert not has_consent(member=member, scope=ConsentScope.CHECKINS, viewer=mentor)


@pytest.mark.django_db
def test_revoking_keeps_the_row_and_ends_access(member):
    mentor = UserFactory.create(role="peer_supporter")
    grant = actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor)

    actions.revoke_consent(grant=grant, by=member, reason="not needed now")

    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert grant.revoke_reason == "not needed now"
    assert not has_consent(member=member, scope=ConsentScope.CHECKINS, viewer=mentor)
    assert AuditEntry.objects.filter(action=AuditAction.CONSENT_REVOKED).count() == 1
    with pytest.raises(ValidationError):
        actions.revoke_consent(grant=grant, by=member)
    # Sharing again after a revocation is a new grant; the old one stays in the history.
    actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor)
    assert ConsentGrant.objects.filter(member=member).count() == 2


@pytest.mark.django_db
def test_only_the_member_can_revoke_their_grant(member):
    mentor = UserFactory.create(role="peer_supporter")
    grant = actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor)
    with pytest.raises(PermissionDenied):
        actions.revoke_consent(grant=grant, by=mentor)
    grant.refresh_from_db()
    assert grant.revoked_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scope": "diary", "grantee_role": "moderator"}, "Choose what"),
        ({"scope": "checkins"}, "one person or one role"),
        ({"scope": "checkins", "grantee_role": "member"}, "can't share with that group"),
        (
            {"scope": "checkins", "grantee_role": "moderator", "grantee_user": "mentor"},
            "one person",
        ),
    ],
)
def test_bad_grants_are_refused_and_nothing_is_saved(member, kwargs, message):
    if kwargs.get("grantee_user") == "mentor":
        kwargs["grantee_user"] = UserFactory.create()
    with pytest.raises(ValidationError, match=message):
        actions.grant_consent(member=member, **kwargs)
    assert ConsentGrant.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.django_db
def test_granting_to_yourself_or_twice_is_refused(member):
    mentor = UserFactory.create()
    with pytest.raises(ValidationError):
        actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=member)
    actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor)
    with pytest.raises(ValidationError, match="already share"):
        actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor)
    assert ConsentGrant.objects.count() == 1


@pytest.mark.django_db
def test_database_refuses_a_grant_with_both_or_no_grantee(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentGrant.objects.create(member=member, scope="checkins")
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentGrant.objects.create(
            member=member, scope="checkins", grantee_user=UserFactory.create(), grantee_role="admin"
        )


# The page ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_privacy_page_needs_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.post(reverse("privacy:consent-grant"), {}).status_code == 302


@pytest.mark.django_db
def test_page_says_nothing_is_shared_at_first(member_client):
    response = member_client.get(PAGE)
    assert response.status_code == 200
    assert "You are not sharing them with anyone." in response.content.decode()


@pytest.mark.django_db
def test_sharing_with_a_person_through_the_page(member, member_client):
    ruth = UserFactory.create(handle="Ruth", role="peer_supporter")
    response = member_client.post(
        reverse("privacy:consent-grant"),
        {"scope": "checkins", "share_with": "person", "handle": "ruth", "reason": "weekly"},
        follow=True,
    )
    page = response.content.decode()
    assert "<strong>Ruth</strong> can see your check-ins: mood, cravings and notes." in page
    assert "Stop sharing" in page
    grant = ConsentGrant.objects.get(member=member)
    assert grant.grantee_user == ruth
    assert grant.reason == "weekly"


@pytest.mark.django_db
def test_sharing_with_a_role_through_the_page(member, member_client):
    response = member_client.post(
        reverse("privacy:consent-grant"),
        {"scope": "safety_plan", "share_with": "role", "role": "moderator"},
        follow=True,
    )
    assert "Everyone with the role <strong>Moderator</strong> can see your safety plan." in (
        response.content.decode()
    )
    assert ConsentGrant.objects.get(member=member).grantee_role == "moderator"


@pytest.mark.django_db
def test_sharing_with_an_unknown_name_shows_an_error_and_saves_nothing(member_client):
    response = member_client.post(
        reverse("privacy:consent-grant"),
        {"scope": "checkins", "share_with": "person", "handle": "nobody-here"},
    )
    assert response.status_code == 200
    assert "We could not find anyone with that name." in response.content.decode()
    assert ConsentGrant.objects.count() == 0


@pytest.mark.django_db
def test_stop_sharing_through_the_page(member, member_client):
    mentor = UserFactory.create(handle="sam")
    grant = actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor)
    response = member_client.post(
        reverse("privacy:consent-revoke", kwargs={"grant_id": grant.pk}), follow=True
    )
    page = response.content.decode()
    assert "They can no longer see it." in page
    assert "sam could see your check-ins" in page
    assert not has_consent(member=member, scope=ConsentScope.CHECKINS, viewer=mentor)


@pytest.mark.django_db
def test_someone_elses_grant_answers_404_and_stays(member, client):
    mentor = UserFactory.create()
    grant = actions.grant_consent(member=member, scope=ConsentScope.CHECKINS, grantee_user=mentor)
    for outsider in (mentor, UserFactory.create(role="admin")):
        client.force_login(outsider)
        response = client.post(reverse("privacy:consent-revoke", kwargs={"grant_id": grant.pk}))
        assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.revoked_at is None


@pytest.mark.django_db
def test_privacy_page_query_count_does_not_grow_with_grants(
    member, member_client, django_assert_max_num_queries
):
    for _ in range(6):
        actions.grant_consent(
            member=member, scope=ConsentScope.CHECKINS, grantee_user=UserFactory.create()
        )
    with django_assert_max_num_queries(6):
        assert member_client.get(PAGE).status_code == 200
