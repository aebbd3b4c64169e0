"""The hash-chained audit log: the recorder behind `kinship.core.audit.record_audit`.

Each entry stores the hash of the entry before it (``prev_hash``) and its own ``hash``,
SHA-256 over a canonical JSON of its fields. Changing a row breaks its hash; removing one
leaves a gap in the ids and a ``prev_hash`` that no longer matches.

Writers are serialized so the chain never forks: on PostgreSQL a transaction-scoped
advisory lock is taken before the last entry is read. (``SELECT … ORDER BY id DESC LIMIT 1
FOR UPDATE`` is not enough there: a writer that waited on the lock gets the old last row
back under READ COMMITTED, and an empty table has no row to lock.) SQLite opens every
transaction with BEGIN IMMEDIATE in this project, which already holds the write lock.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address

from kinship.core.audit import AuditEvent, register_audit_recorder
from kinship.core.querycache import CompiledQueryCache
from kinship.privacy.models import AuditEntry

# A fixed 64-bit key for pg_advisory_xact_lock: the first 8 bytes of sha256("kinship.audit").
_CHAIN_LOCK_KEY = int.from_bytes(hashlib.sha256(b"kinship.audit").digest()[:8], "big", signed=True)


def install() -> None:
    """Make `record_audit` write to this log; called from `PrivacyConfig.ready()`."""
    register_audit_recorder(record_entry)


_COMPILED = CompiledQueryCache()


def _last_entry(values: Sequence[Any]) -> QuerySet[AuditEntry, Any]:
    return AuditEntry.objects.order_by("-id").values_list("id", "hash")[:1]


def record_entry(event: AuditEvent) -> None:
    """Append one entry for ``event`` to the chain, inside the caller's transaction."""
    actor_pk = _actor_pk(event.actor)
    data = json.loads(json.dumps(event.data, cls=DjangoJSONEncoder))
    # Part of the caller's transaction (no savepoint of its own): an entry that cannot be
    # written fails the change it records.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        last = _COMPILED.rows(("last-entry",), _last_entry, [])
        last_id, last_hash = last[0] if last else (0, "")
        entry = AuditEntry(
            id=last_id + 1,
            created_at=timezone.now(),
            action=str(event.action),
            actor_id=actor_pk,
            actor_pk=actor_pk,
            subject_kind=event.subject_kind,
            subject_id=event.subject_id,
            ip_address=_normalise_ip(event.ip_address),
            data=data,
            prev_hash=last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()


def _actor_pk(actor: Any) -> int | None:
    pk = getattr(actor, "pk", None)
    return int(pk) if pk is not None else None


def _normalise_ip(value: str | None) -> str | None:
    """The form the database gives back, so the hash computed now matches it later."""
    if not value:
        return None
    try:
        if ":" in value:
            return clean_ipv6_address(value)
        return str(ipaddress.IPv4Address(value))
    except (ValueError, ValidationError):
        # A malformed address must not lose the event it came with.
        return None


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 over the canonical JSON of an entry's fields, ``prev_hash`` included."""
    payload = {
        "id": entry.id,
        "created_at": _timestamp(entry.created_at),
        "action": entry.action,
        "actor_pk": entry.actor_pk,
        "subject_kind": entry.subject_kind,
        "subject_id": entry.subject_id,
        "ip_address": entry.ip_address,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    entries_checked: int
    first_bad_id: int | None = None
    problem: str = ""

    @property
    def is_intact(self) -> bool:
        return self.first_bad_id is None


def _entries_in_batches(batch_size: int) -> Iterator[AuditEntry]:
    after = 0
    while True:
        batch = list(AuditEntry.objects.filter(id__gt=after).order_by("id")[:batch_size])
        if not batch:
            return
        yield from batch
        after = batch[-1].id


def verify_chain(*, batch_size: int = 1000) -> ChainReport:
    """Walk the whole chain in id order and report the first entry that does not fit."""
    expected_id = 1
    expected_prev = ""
    checked = 0
    for entry in _entries_in_batches(batch_size):
        if entry.id != expected_id:
            missing = (
                f"entry {expected_id} is"
                if entry.id - 1 == expected_id
                else f"entries {expected_id}..{entry.id - 1} are"
            )
            return ChainReport(checked, entry.id, f"{missing} missing (deleted)")
        if entry.prev_hash != expected_prev:
            return ChainReport(
                checked,
                entry.id,
                f"prev_hash does not match entry {entry.id - 1} (an entry was removed or replaced)",
            )
        if entry_hash(entry) != entry.hash:
            return ChainReport(checked, entry.id, "hash mismatch (the entry was changed)")
        checked += 1
        expected_id = entry.id + 1
        expected_prev = entry.hash
    return ChainReport(checked)
