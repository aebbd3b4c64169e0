import base64
import hashlib

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from kinship.core import crypto

KEY_A = base64.urlsafe_b64encode(b"A" * 32).decode()
KEY_B = base64.urlsafe_b64encode(b"B" * 32).decode()
ID_A = hashlib.sha256(b"A" * 32).hexdigest()[:8]
ID_B = hashlib.sha256(b"B" * 32).hexdigest()[:8]


@override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A])
def test_encrypted_text_names_its_key_and_reads_back():
    token = crypto.encrypt("I had a hard day")
    assert token.startswith(f"kx1:{ID_A}:")
    assert "hard day" not in token
    assert crypto.key_id_of(token) == ID_A
    assert crypto.decrypt(token) == "I had a hard day"


@override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A])
def test_same_text_encrypts_differently_each_time():
    assert crypto.encrypt("same") != crypto.encrypt("same")


def test_unicode_text_survives():
    text = "día difícil — 🌱 ok"
    assert crypto.decrypt(crypto.encrypt(text)) == text


def test_first_key_encrypts_and_every_key_decrypts():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        old = crypto.encrypt("note")
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B, KEY_A]):
        assert crypto.current_key_id() == ID_B
        assert crypto.encrypt("note").startswith(f"kx1:{ID_B}:")
        assert crypto.decrypt(old) == "note"


def test_value_under_a_key_that_is_not_configured_raises_a_clear_error():
    with override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A]):
        token = crypto.encrypt("note")
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[KEY_B]),
        pytest.raises(crypto.EncryptionKeyMissing, match=ID_A),
    ):
        crypto.decrypt(token)
    assert issubclass(crypto.EncryptionKeyMissing, ImproperlyConfigured)


@override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A])
def test_changed_ciphertext_is_refused():
    token = crypto.encrypt("note")
    prefix, body = token.rsplit(":", 1)
    flipped = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1]
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(f"{prefix}:{flipped}")


@override_settings(FIELD_ENCRYPTION_KEYS=[KEY_A, KEY_B])
def test_ciphertext_relabelled_with_another_key_id_is_refused():
    token = crypto.encrypt("note")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(token.replace(ID_A, ID_B))


def test_plain_text_is_not_mistaken_for_ciphertext():
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt("just some words")


@pytest.mark.parametrize(
    "keys",
    [[], ["not base64 !!"], [base64.urlsafe_b64encode(b"short").decode()]],
)
def test_bad_key_configuration_is_reported(keys):
    with override_settings(FIELD_ENCRYPTION_KEYS=keys), pytest.raises(ImproperlyConfigured):
        crypto.encrypt("note")


def test_keys_without_base64_padding_are_accepted():
    unpadded = base64.urlsafe_b64encode(b"C" * 32).decode().rstrip("=")
    with override_settings(FIELD_ENCRYPTION_KEYS=[unpadded]):
        assert crypto.decrypt(crypto.encrypt("x")) == "x"
