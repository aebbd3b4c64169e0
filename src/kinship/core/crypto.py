"""Authenticated encryption for text kept at rest, with keys from the environment.

A stored value reads ``kx1:<key id>:<base64url(nonce + ciphertext)>``. The key id is the
first 8 hex digits of SHA-256 over the raw key, so key rotation can find the rows that are
not yet on the current key without decrypting them. The first key in
``settings.FIELD_ENCRYPTION_KEYS`` encrypts; every key in the list decrypts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "kx1"
_NONCE_BYTES = 12


class EncryptionKeyMissing(ImproperlyConfigured):
    """A stored value was encrypted with a key that is not configured."""


class DecryptionFailed(ValueError):
    """A stored value is not a well-formed ciphertext, or it was changed."""


@lru_cache(maxsize=16)
def _load_keys(encoded_keys: tuple[str, ...]) -> tuple[tuple[str, AESGCM], ...]:
    if not encoded_keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty; at least one key is needed")
    loaded: list[tuple[str, AESGCM]] = []
    for position, encoded in enumerate(encoded_keys):
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError) as error:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS[{position}] is not valid base64url"
            ) from error
        if len(raw) != 32:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS[{position}] must decode to 32 bytes, not {len(raw)}"
            )
        loaded.append((key_id_for(raw), AESGCM(raw)))
    return tuple(loaded)


def _keys() -> tuple[tuple[str, AESGCM], ...]:
    return _load_keys(tuple(settings.FIELD_ENCRYPTION_KEYS))


def key_id_for(raw_key: bytes) -> str:
    """The public name of a key: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(raw_key).hexdigest()[:8]


def current_key_id() -> str:
    """The id of the key that encrypts new values (the first configured key)."""
    return _keys()[0][0]


def configured_key_ids() -> list[str]:
    return [key_id for key_id, _ in _keys()]


def current_prefix() -> str:
    """The text every value encrypted under the current key starts with."""
    return f"{PREFIX}:{current_key_id()}:"


def _associated_data(key_id: str) -> bytes:
    return f"{PREFIX}:{key_id}".encode("ascii")


def encrypt(plaintext: str) -> str:
    """Encrypt text under the current key; a fresh random nonce every time."""
    key_id, cipher = _keys()[0]
    nonce = os.urandom(_NONCE_BYTES)
    sealed = cipher.encrypt(nonce, plaintext.encode("utf-8"), _associated_data(key_id))
    body = base64.urlsafe_b64encode(nonce + sealed).decode("ascii").rstrip("=")
    return f"{PREFIX}:{key_id}:{body}"


def key_id_of(token: str) -> str:
    """The key id a stored value names, without decrypting it."""
    version, key_id, _body = _split(token)
    return key_id


def _split(token: str) -> tuple[str, str, str]:
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != 8:
        raise DecryptionFailed("value is not an encrypted field value (expected 'kx1:<id>:…')")
    return parts[0], parts[1], parts[2]


def decrypt(token: str) -> str:
    """Decrypt a stored value with whichever configured key it names."""
    _version, key_id, body = _split(token)
    cipher = dict(_keys()).get(key_id)
    if cipher is None:
        raise EncryptionKeyMissing(
            f"An encrypted value uses key id {key_id}, which is not in FIELD_ENCRYPTION_KEYS "
            f"(configured ids: {', '.join(configured_key_ids())}). Add the old key back "
            "after the new one, run `kinship keys rotate`, then remove it."
        )
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as error:
        raise DecryptionFailed("encrypted value is not valid base64url") from error
    nonce, sealed = blob[:_NONCE_BYTES], blob[_NONCE_BYTES:]
    try:
        plaintext = cipher.decrypt(nonce, sealed, _associated_data(key_id))
    except InvalidTag as error:
        raise DecryptionFailed(f"encrypted value under key {key_id} failed its check") from error
    return plaintext.decode("utf-8")
