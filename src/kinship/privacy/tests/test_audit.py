import datetime
import threading

import pytest
from django.contrib.admin.sites import site
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test import RequestFactory

from kinship.accounts.tests.factories import UserFactory
from kinship.core.audit import AuditAction, record_audit
from kinship.privacy.admin import AuditEntryAdmin
from kinship.privacy.audit import entry_hash, verify_chain
from kinship.privacy.models import AuditEntry, AuditLogIsAppendOnly

TABLE = connection.ops.quote_name(AuditEntry._meta.db_table)


def _raw_sql(statement, params):
    """Change the table behind Django's back, as someone with database access could."""
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("TABLE", TABLE), params)


def _write_entries(count, actor=None):
    for number in range(count):
        record_audit(
            action=AuditAction.PROFILE_UPDATED,
            actor=actor,
            subject_kind="accounts.user",
            subject_id=number,
            ip_address="203.0.113.7",
            data={"fields": ["bio"], "n": number},
        )


@pytest.mark.django_db
def test_each_entry_is_chained_to_the_one_before():
    actor = UserFactory.create()
    _write_entries(3, actor=actor)
    first, second, third = AuditEntry.objects.order_by("id")
    assert [first.id, second.id, third.id] == [1, 2, 3]
    assert first.prev_hash == ""
    assert second.prev_hash == first.hash
    assert third.prev_hash == second.hash
    assert third.hash == entry_hash(third)
    assert third.actor_pk == actor.pk
    assert third.ip_address == "203.0.113.7"


@pytest.mark.django_db
def test_audit_entries_keep_the_actor_as_a_number_not_a_handle():
    actor = UserFactory.create(handle="unique-handle-x")
    _write_entries(1, actor=actor)
    row = AuditEntry.objects.values().get()
    assert "unique-handle-x" not in str(row)


@pytest.mark.django_db
def test_untouched_chain_verifies(capsys):
    _write_entries(5)
    call_command("audit", "verify", "--batch-size", "2")
    assert "audit chain intact: 5 entries" in capsys.readouterr().out


@pytest.mark.django_db
def test_empty_chain_verifies(capsys):
    call_command("audit", "verify")
    assert "audit chain intact: 0 entries" in capsys.readouterr().out


@pytest.mark.django_db
def test_entry_changed_with_raw_sql_is_detected():
    _write_entries(5)
    _raw_sql("UPDATE TABLE SET subject_id = %s WHERE id = %s", ["999", 3])
    with pytest.raises(CommandError, match=r"entry 3: hash mismatch"):
        call_command("audit", "verify", "--batch-size", "2")


@pytest.mark.django_db
def test_entry_changed_and_rehashed_is_detected_by_the_next_entry():
    _write_entries(5)
    entry = AuditEntry.objects.get(id=3)
    entry.action = AuditAction.ROLE_CHANGED.value
    forged_hash = entry_hash(entry)
    _raw_sql(
        "UPDATE TABLE SET action = %s, hash = %s WHERE id = %s", [entry.action, forged_hash, 3]
    )
    with pytest.raises(CommandError, match=r"entry 4: prev_hash does not match"):
        call_command("audit", "verify")


@pytest.mark.django_db
def test_entry_deleted_with_raw_sql_is_detected():
    _write_entries(5)
    _raw_sql("DELETE FROM TABLE WHERE id = %s", [3])
    with pytest.raises(CommandError, match=r"broken at entry 4: .*missing"):
        call_command("audit", "verify", "--batch-size", "2")


@pytest.mark.django_db
def test_first_entry_deleted_is_detected():
    _write_entries(3)
    _raw_sql("DELETE FROM TABLE WHERE id = %s", [1])
    report = verify_chain()
    assert report.first_bad_id == 2
    assert not report.is_intact


@pytest.mark.django_db
def test_entry_deleted_and_ids_renumbered_is_detected():
    _write_entries(4)
    _raw_sql("DELETE FROM TABLE WHERE id = %s", [2])
    _raw_sql("UPDATE TABLE SET id = id - 1 WHERE id > %s", [2])
    report = verify_chain()
    assert report.first_bad_id == 2
    assert "prev_hash" in report.problem or "hash mismatch" in report.problem


@pytest.mark.django_db
def test_entry_deleted_with_the_links_patched_over_is_detected():
    _write_entries(4)
    first_hash = AuditEntry.objects.get(id=1).hash
    _raw_sql("DELETE FROM TABLE WHERE id = %s", [2])
    _raw_sql("UPDATE TABLE SET id = id - 1 WHERE id > %s", [2])
    _raw_sql("UPDATE TABLE SET prev_hash = %s WHERE id = %s", [first_hash, 2])
    report = verify_chain()
    assert report.first_bad_id == 2
    assert "hash mismatch" in report.problem


@pytest.mark.django_db
def test_hash_covers_the_link_to_the_previous_entry():
    _write_entries(2)
    entry = AuditEntry.objects.get(id=2)
    entry.prev_hash = "0" * 64
    assert entry_hash(entry) != entry.hash


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted_through_django():
    _write_entries(2)
    entry = AuditEntry.objects.get(id=1)
    entry.subject_id = "changed"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(id=1).update(subject_id="changed")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 2
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_audit_data_with_dates_and_unicode_still_verifies():
    record_audit(
        action=AuditAction.CONSENT_GRANTED,
        data={"when": datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC), "ñ": "día"},
        ip_address="2001:DB8::1",
    )
    entry = AuditEntry.objects.get()
    assert entry.ip_address == "2001:db8::1"
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_invalid_ip_address_does_not_lose_the_event():
    record_audit(action=AuditAction.SIGNED_IN, ip_address="not-an-ip")
    assert AuditEntry.objects.get().ip_address is None


@pytest.mark.django_db
def test_audit_log_is_read_only_in_the_admin():
    admin_user = UserFactory.create(role="admin", is_superuser=True)
    _write_entries(1)
    model_admin = AuditEntryAdmin(AuditEntry, site)

    request = RequestFactory().get("/admin/privacy/auditentry/")
    request.user = admin_user
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, AuditEntry.objects.get())
    assert not model_admin.has_delete_permission(request, AuditEntry.objects.get())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes writers itself")
    writers, per_writer = 6, 10
    barrier = threading.Barrier(writers)
    errors = []

    def write():
        try:
            barrier.wait()
            _write_entries(per_writer)
        except Exception as error:  # reported by the assert below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_chain()
    assert report.is_intact, report.problem
    assert report.entries_checked == writers * per_writer
