"""Model fields whose values are encrypted at rest (see `kinship.core.crypto`)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Expression

from kinship.core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]  # stub generics
    """Text encrypted with AES-GCM before it reaches the database.

    ``None`` stays ``None`` and the empty string stays empty, so "not given" is visible
    without a key. Values cannot be searched or compared in SQL: every write uses a fresh
    nonce, so equal texts have different ciphertexts.
    """

    description = "Text (encrypted at rest)"

    def from_db_value(
        self, value: str | None, expression: Expression, connection: BaseDatabaseWrapper
    ) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


def encrypted_fields() -> dict[type[models.Model], list[EncryptedTextField]]:
    """Every concrete model with encrypted fields, and those fields (for key rotation)."""
    found: dict[type[models.Model], list[EncryptedTextField]] = {}
    for model in apps.get_models():
        options = model._meta
        if options.proxy or not options.managed:
            continue
        fields = [
            field
            for field in options.local_concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if fields:
            found[model] = fields
    return found
