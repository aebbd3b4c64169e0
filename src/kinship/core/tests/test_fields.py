import base64

from django.db import connection
from django.test import override_settings

from kinship.core import crypto
from kinship.core.fields import EncryptedTextField, encrypted_fields

KEY_A = base64.urlsafe_b64encode(b"A" * 32).decode()


def _field():
    field = EncryptedTextField()
    field.set_attributes_from_name("note")
    return field


@override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A])
def test_field_encrypts_on_the_way_in_and_decrypts_on_the_way_out():
    field = _field()
    stored = field.get_db_prep_save("my private note", connection)
    assert stored.startswith(crypto.current_prefix())
    assert "private" not in stored
    assert field.from_db_value(stored, None, connection) == "my private note"


def test_none_and_empty_stay_as_they_are():
    field = _field()
    assert field.get_prep_value(None) is None
    assert field.get_prep_value("") == ""
    assert field.from_db_value(None, None, connection) is None
    assert field.from_db_value("", None, connection) == ""


def test_field_is_text_for_forms_and_migrations():
    name, path, args, kwargs = _field().deconstruct()
    assert path == "kinship.core.fields.EncryptedTextField"


def test_registry_finds_every_model_with_encrypted_fields():
    found = {
        model._meta.label: [f.name for f in fields] for model, fields in encrypted_fields().items()
    }
    assert found["privacy.ConsentGrant"] == ["reason", "revoke_reason"]
    assert found["privacy.DeletionRequest"] == ["reason"]
    assert "accounts.User" not in found
