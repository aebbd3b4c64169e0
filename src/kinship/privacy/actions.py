"""Every privacy write: consent, export, deletion and erasure, key rotation."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinship.core import crypto
from kinship.core.audit import AuditAction, record_audit
from kinship.core.fields import EncryptedTextField, encrypted_fields
from kinship.privacy import accounts_data
from kinship.privacy.models import GRANTABLE_ROLES, ConsentGrant, ConsentScope, DeletionRequest
from kinship.privacy.queries import USER_SUBJECT_KIND
from kinship.privacy.registry import data_handlers

CONSENT_SUBJECT_KIND = "privacy.consentgrant"
DELETION_SUBJECT_KIND = "privacy.deletionrequest"


# Consent --------------------------------------------------------------------------------


def grant_consent(
    *,
    member: Any,
    scope: str,
    grantee_user: Any | None = None,
    grantee_role: str | None = None,
    reason: str = "",
    ip_address: str | None = None,
) -> ConsentGrant:
    """Let one person, or everyone with one role, see one kind of the member's records."""
    if scope not in ConsentScope.values:
        raise ValidationError(_("Choose what you want to share."))
    if (grantee_user is None) == (not grantee_role):
        raise ValidationError(_("Choose one person or one role to share with."))
    if grantee_user is not None and grantee_user.pk == member.pk:
        raise ValidationError(_("You can always see your own records."))
    if grantee_user is not None and not grantee_user.is_active:
        raise ValidationError(_("We could not find anyone with that name."))
    if grantee_role and grantee_role not in GRANTABLE_ROLES:
        raise ValidationError(_("You can't share with that group."))
    with transaction.atomic():
        already = ConsentGrant.objects.active().filter(member=member, scope=scope)
        if grantee_user is not None:
            already = already.filter(grantee_user=grantee_user)
        else:
            already = already.filter(grantee_user__isnull=True, grantee_role=grantee_role)
        if already.exists():
            raise ValidationError(_("You already share this with them."))
        grant = ConsentGrant.objects.create(
            member=member,
            scope=scope,
            grantee_user=grantee_user,
            grantee_role=grantee_role or "",
            reason=reason,
        )
        record_audit(
            action=AuditAction.CONSENT_GRANTED,
            actor=member,
            subject_kind=CONSENT_SUBJECT_KIND,
            subject_id=grant.pk,
            ip_address=ip_address,
            data={
                "scope": scope,
                "grantee_user": grantee_user.pk if grantee_user is not None else None,
                "grantee_role": grantee_role or "",
            },
        )
    return grant


def revoke_consent(
    *, grant: ConsentGrant, by: Any, reason: str = "", ip_address: str | None = None
) -> ConsentGrant:
    """Stop a grant. The row stays, with when it stopped, so the history is kept."""
    if by.pk != grant.member_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = ConsentGrant.objects.select_for_update().get(pk=grant.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("You already stopped sharing this."))
        locked.revoked_at = timezone.now()
        locked.revoke_reason = reason
        locked.save(update_fields=["revoked_at", "revoke_reason"])
        record_audit(
            action=AuditAction.CONSENT_REVOKED,
            actor=by,
            subject_kind=CONSENT_SUBJECT_KIND,
            subject_id=locked.pk,
            ip_address=ip_address,
            data={"scope": locked.scope},
        )
    return locked


# Export ---------------------------------------------------------------------------------


def build_export(*, member: Any, actor: Any | None = None, ip_address: str | None = None) -> bytes:
    """A zip with one JSON file per registered data handler and a README.txt."""
    now = timezone.now()
    handlers = data_handlers()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _export_readme(handlers=[h.name for h in handlers], now=now))
        for handler in handlers:
            content = json.dumps(
                handler.exporter(member), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
            )
            archive.writestr(f"{handler.name}.json", content)
    with transaction.atomic():
        record_audit(
            action=AuditAction.DATA_EXPORTED,
            actor=actor if actor is not None else member,
            subject_kind=USER_SUBJECT_KIND,
            subject_id=member.pk,
            ip_address=ip_address,
            data={"handlers": [handler.name for handler in handlers]},
        )
    return buffer.getvalue()


def _export_readme(*, handlers: list[str], now: datetime) -> str:
    lines = [
        _("Your data from %(org)s") % {"org": settings.KINSHIP_ORG_NAME},
        "",
        _("Made on %(date)s (UTC).") % {"date": now.strftime("%Y-%m-%d %H:%M")},
        "",
        _("This zip file holds what we keep about you, in JSON files you can open"),
        _("with any text editor. Each file comes from one part of the site:"),
        "",
        *[f"  {name}.json" for name in handlers],
        "",
        _("Keep this file somewhere safe. It may hold private things you wrote."),
    ]
    return "\n".join(lines) + "\n"


# Deletion and erasure ---------------------------------------------------------------------


def request_account_deletion(
    *,
    member: Any,
    keep_posts_anonymised: bool,
    reason: str = "",
    now: datetime | None = None,
    ip_address: str | None = None,
) -> DeletionRequest:
    """Ask for the account to be erased after the grace period; the member stays signed in."""
    now = now or timezone.now()
    with transaction.atomic():
        if DeletionRequest.objects.pending().filter(member=member).exists():
            raise ValidationError(_("You already asked to delete your account."))
        request = DeletionRequest.objects.create(
            member=member,
            requested_at=now,
            erase_after=now + timedelta(days=settings.KINSHIP_ACCOUNT_DELETION_GRACE_DAYS),
            keep_posts_anonymised=keep_posts_anonymised,
            reason=reason,
        )
        record_audit(
            action=AuditAction.DELETION_REQUESTED,
            actor=member,
            subject_kind=USER_SUBJECT_KIND,
            subject_id=member.pk,
            ip_address=ip_address,
            data={
                "request": request.pk,
                "erase_after": request.erase_after.isoformat(),
                "keep_posts_anonymised": keep_posts_anonymised,
            },
        )
    return request


def cancel_account_deletion(
    *, member: Any, now: datetime | None = None, ip_address: str | None = None
) -> DeletionRequest:
    """Keep the account: the pending request is marked cancelled."""
    with transaction.atomic():
        request = (
            DeletionRequest.objects.select_for_update().pending().filter(member=member).first()
        )
        if request is None:
            raise ValidationError(_("There is no request to delete your account."))
        request.cancelled_at = now or timezone.now()
        request.save(update_fields=["cancelled_at"])
        record_audit(
            action=AuditAction.DELETION_CANCELLED,
            actor=member,
            subject_kind=USER_SUBJECT_KIND,
            subject_id=member.pk,
            ip_address=ip_address,
            data={"request": request.pk},
        )
    return request


def erase_account(
    *,
    member: Any,
    keep_posts_anonymised: bool | None = None,
    actor: Any | None = None,
    now: datetime | None = None,
) -> None:
    """Erase a member: every app's eraser, then the account row is anonymised.

    Audit entries stay: they hold the member's primary key, never their handle, so
    nothing in them names the person once the account row is anonymised. When
    ``keep_posts_anonymised`` is not given, the member's pending request decides.
    """
    now = now or timezone.now()
    with transaction.atomic():
        request = (
            DeletionRequest.objects.select_for_update().pending().filter(member=member).first()
        )
        if keep_posts_anonymised is None:
            keep_posts_anonymised = request.keep_posts_anonymised if request else False
        handlers = data_handlers()
        for handler in handlers:
            handler.eraser(member, keep_posts_anonymised=keep_posts_anonymised)
        accounts_data.anonymise_user(member)
        if request is not None:
            request.completed_at = now
            request.save(update_fields=["completed_at"])
        record_audit(
            action=AuditAction.ACCOUNT_ERASED,
            actor=actor,
            subject_kind=USER_SUBJECT_KIND,
            subject_id=member.pk,
            data={
                "handlers": [handler.name for handler in handlers],
                "keep_posts_anonymised": keep_posts_anonymised,
            },
        )


def erase_due_accounts(*, now: datetime) -> int:
    """Erase every account whose grace period ended by ``now``; one transaction each."""
    due = list(
        DeletionRequest.objects.pending()
        .filter(erase_after__lte=now)
        .order_by("erase_after", "pk")
        .values_list("pk", flat=True)
    )
    erased = 0
    for request_id in due:
        with transaction.atomic():
            request = (
                DeletionRequest.objects.select_for_update()
                .pending()
                .filter(pk=request_id, erase_after__lte=now)
                .first()
            )
            if request is None:
                continue  # cancelled since the list was read
            erase_account(member=request.member, now=now)
            erased += 1
    return erased


# Key rotation --------------------------------------------------------------------------------


def _needs_rotation(fields: list[EncryptedTextField]) -> models.Q:
    prefix = crypto.current_prefix()
    condition = models.Q()
    for field in fields:
        condition |= (
            models.Q(**{f"{field.attname}__isnull": False})
            & ~models.Q(**{field.attname: ""})
            & ~models.Q(**{f"{field.attname}__startswith": prefix})
        )
    return condition


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def count_rows_to_rotate() -> dict[str, int]:
    """Rows per model holding at least one value not under the current key."""
    return {
        _label(model): model._base_manager.filter(_needs_rotation(fields)).count()
        for model, fields in encrypted_fields().items()
    }


def rotate_encryption_keys(*, batch_size: int | None = None) -> dict[str, int]:
    """Re-encrypt every value not under the first key; safe to stop and run again.

    Each batch is its own transaction, read in primary-key order and locked, so a
    rerun picks up where the last one stopped and skips rows already on the new key.
    """
    size = batch_size or settings.KINSHIP_KEY_ROTATION_BATCH
    rotated: dict[str, int] = {}
    for model, fields in encrypted_fields().items():
        names = [field.attname for field in fields]
        condition = _needs_rotation(fields)
        count = 0
        last_pk: Any = None
        while True:
            with transaction.atomic():
                rows_query = model._base_manager.filter(condition).order_by("pk")
                if last_pk is not None:
                    rows_query = rows_query.filter(pk__gt=last_pk)
                rows = list(rows_query.select_for_update().only("pk", *names)[:size])
                if not rows:
                    break
                # Loading decrypted with whichever key; saving encrypts with the first one.
                model._base_manager.bulk_update(rows, names)
            count += len(rows)
            last_pk = rows[-1].pk
        rotated[_label(model)] = count
    with transaction.atomic():
        record_audit(
            action=AuditAction.KEYS_ROTATED,
            data={"key_id": crypto.current_key_id(), "rows": rotated},
        )
    return rotated
