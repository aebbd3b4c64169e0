"""Reads of accounts that more than one caller needs."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from kinship.accounts.models import ApiToken, User
from kinship.core.querycache import CompiledQueryCache

TOKEN_PREFIX = "kin_"  # noqa: S105  # a marker, not a secret


@dataclass(frozen=True)
class PublicProfile:
    """What one member may see of another: only what that member chose to show."""

    handle: str
    pronouns: str | None
    languages: list[str] | None
    bio: str | None
    is_own: bool = False
    bio_is_held: bool = False
    """Only ever true on one's own profile: the bio waits for a moderator."""


def digest_secret(secret: str) -> str:
    """The SHA-256 hex digest stored for a token secret."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def can_see_bio(*, viewer: User | None, member: User) -> bool:
    """The author always; others when it is shown, the account active and the bio not held."""
    if viewer is not None and viewer.pk == member.pk:
        return True
    if not member.is_active:
        return False
    if member.bio_is_held:
        return False
    return member.show_bio


def public_profile(*, viewer: User, handle: str) -> PublicProfile:
    """The profile `viewer` may see for `handle`; Http404 when there is no such active member."""
    member = User.objects.filter(handle__iexact=handle, is_active=True).first()
    if member is None:
        raise Http404
    if member.pk == viewer.pk:
        return PublicProfile(
            handle=member.handle,
            pronouns=member.pronouns,
            languages=list(member.languages),
            bio=member.bio,
            is_own=True,
            bio_is_held=member.bio_is_held,
        )
    return PublicProfile(
        handle=member.handle,
        pronouns=member.pronouns if member.show_pronouns else None,
        languages=list(member.languages) if member.show_languages else None,
        bio=member.bio if can_see_bio(viewer=viewer, member=member) else None,
    )


def list_live_tokens(*, user: User) -> QuerySet[ApiToken]:
    """The member's tokens that still work, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at")


_COMPILED = CompiledQueryCache()
_TOKEN_FIELDS = tuple(field.attname for field in ApiToken._meta.concrete_fields)
_USER_FIELDS = tuple(field.attname for field in User._meta.concrete_fields)


def _live_tokens(values: Sequence[Any]) -> QuerySet[ApiToken, Any]:
    return ApiToken.objects.filter(
        digest=values[0], revoked_at__isnull=True, user__is_active=True
    ).values_list(*_TOKEN_FIELDS, *(f"user__{name}" for name in _USER_FIELDS))[:1]


def get_token_by_secret(*, secret: str) -> ApiToken | None:
    """The live token (with its active owner) for a presented secret, or None.

    Every API request asks this, so the query is compiled once (`core.querycache`)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    rows = _COMPILED.rows(("live-token",), _live_tokens, [digest_secret(secret)])
    if not rows:
        return None
    database = ApiToken.objects.db
    width = len(_TOKEN_FIELDS)
    token = ApiToken.from_db(database, _TOKEN_FIELDS, rows[0][:width])
    token._state.fields_cache["user"] = User.from_db(database, _USER_FIELDS, rows[0][width:])
    return token


def language_name(code: str) -> str:
    """A readable name for a language code: the site's own languages by name, others as given."""
    names = dict(settings.LANGUAGES)
    return str(names.get(code, code))
