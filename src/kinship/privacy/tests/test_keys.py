import base64
import hashlib

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from kinship.accounts.tests.factories import UserFactory
from kinship.core import crypto
from kinship.core.audit import AuditAction
from kinship.privacy import actions
from kinship.privacy.models import AuditEntry, ConsentGrant, ConsentScope, DeletionRequest

KEY_A = base64.urlsafe_b64encode(b"a" * 32).decode()
KEY_B = base64.urlsafe_b64encode(b"b" * 32).decode()
ID_A = hashlib.sha256(b"a" * 32).hexdigest()[:8]
ID_B = hashlib.sha256(b"b" * 32).hexdigest()[:8]


def _raw(model, field, pk):
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(field)
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608  # names from the model
        return cursor.fetchone()[0]


def _make_records(count):
    supporter = UserFactory.create(role="peer_supporter")
    grants = []
    for number in range(count):
        member = UserFactory.create()
        grant = actions.grant_consent(
            member=member,
            scope=ConsentScope.CHECKINS,
            grantee_user=supporter,
            reason=f"note {number}",
        )
        grants.append(grant)
    actions.revoke_consent(grant=grants[0], by=grants[0].member, reason="changed my mind")
    empty = actions.grant_consent(
        member=grants[1].member, scope=ConsentScope.SAFETY_PLAN, grantee_role="moderator"
    )
    request = actions.request_account_deletion(
        member=grants[2].member, keep_posts_anonymised=True, reason="moving away"
    )
    return grants, empty, request


@pytest.mark.django_db
def test_rotation_moves_every_value_to_the_new_key(capsys):
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        grants, empty, request = _make_records(5)
    assert _raw(ConsentGrant, "reason", grants[3].pk).startswith(f"kx1:{ID_A}:")
    assert _raw(ConsentGrant, "reason", empty.pk) == ""

    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]),
        pytest.raises(crypto.EncryptionKeyMissing),
    ):
        ConsentGrant.objects.get(pk=grants[3].pk)

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A], KINSHIP_KEY_ROTATION_BATCH=2):
        call_command("keys", "rotate", "--dry-run")
        out = capsys.readouterr().out
        assert "privacy.ConsentGrant: 5 rows to re-encrypt" in out
        assert "privacy.DeletionRequest: 1 rows to re-encrypt" in out
        assert AuditEntry.objects.filter(action=AuditAction.KEYS_ROTATED).count() == 0

        call_command("keys", "rotate")
        out = capsys.readouterr().out
        assert "privacy.ConsentGrant: 5 rows re-encrypted" in out
        assert "privacy.DeletionRequest: 1 rows re-encrypted" in out
        assert f"6 rows now on key {ID_B}" in out

    assert _raw(ConsentGrant, "reason", grants[3].pk).startswith(f"kx1:{ID_B}:")
    assert _raw(ConsentGrant, "revoke_reason", grants[0].pk).startswith(f"kx1:{ID_B}:")
    assert _raw(ConsentGrant, "reason", empty.pk) == ""
    assert _raw(DeletionRequest, "reason", request.pk).startswith(f"kx1:{ID_B}:")

    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]):
        reasons = sorted(ConsentGrant.objects.exclude(reason="").values_list("reason", flat=True))
        assert reasons == [f"note {n}" for n in range(5)]
        assert ConsentGrant.objects.get(pk=grants[0].pk).revoke_reason == "changed my mind"
        assert DeletionRequest.objects.get(pk=request.pk).reason == "moving away"

    audit = AuditEntry.objects.get(action=AuditAction.KEYS_ROTATED)
    assert audit.data["key_id"] == ID_B
    # Every model with an encrypted field is listed, the untouched ones with 0.
    rows = {model: count for model, count in audit.data["rows"].items() if count}
    assert rows == {"privacy.ConsentGrant": 5, "privacy.DeletionRequest": 1}
    assert "safety.Alert" in audit.data["rows"]


@pytest.mark.django_db
def test_rerunning_rotation_skips_rows_already_on_the_new_key(capsys):
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        grants, _empty, _request = _make_records(4)
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A], KINSHIP_KEY_ROTATION_BATCH=1):
        # As if an earlier run stopped after one row: that row is already on key B.
        grant = ConsentGrant.objects.get(pk=grants[2].pk)
        grant.save(update_fields=["reason"])
        assert actions.count_rows_to_rotate()["privacy.ConsentGrant"] == 3

        call_command("keys", "rotate")
        assert "privacy.ConsentGrant: 3 rows re-encrypted" in capsys.readouterr().out

        call_command("keys", "rotate")
        out = capsys.readouterr().out
        assert "privacy.ConsentGrant: 0 rows re-encrypted" in out
        assert "0 rows now on key" in out


@pytest.mark.django_db
def test_dry_run_changes_nothing(capsys):
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        grants, _empty, _request = _make_records(3)
    before = _raw(ConsentGrant, "reason", grants[1].pk)
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        call_command("keys", "rotate", "--dry-run")
    assert f"rows not yet on key {ID_B}" in capsys.readouterr().out
    assert _raw(ConsentGrant, "reason", grants[1].pk) == before
