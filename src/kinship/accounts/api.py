"""The accounts part of the JSON API: one's own profile, others' public profiles, tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Path as PathParam
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from kinship.accounts import actions, permissions, queries
from kinship.accounts.auth import api_auth
from kinship.accounts.models import User
from kinship.core.api import DATABASE_INT_MAX

router = Router(tags=["accounts"], auth=api_auth)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


class MeOut(Schema):
    handle: str
    role: str
    pronouns: str
    languages: list[str]
    time_zone: str
    bio: str
    show_pronouns: bool
    show_languages: bool
    show_bio: bool


class PublicProfileOut(Schema):
    handle: str
    pronouns: str | None
    languages: list[str] | None
    bio: str | None


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreatedOut(TokenOut):
    secret: str = Field(description="Shown once. Only a digest is kept.")


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=80, pattern=r"\S")


def _member(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]  # set by Ninja's authentication
    if not isinstance(user, User):
        raise HttpError(401, "Unauthorized")
    return user


@router.get("/me", response={200: MeOut, **ERRORS}, summary="My own profile")
def get_me(request: HttpRequest) -> User:
    return _member(request)


@router.get(
    "/people/{handle}",
    response={200: PublicProfileOut, **ERRORS},
    summary="A member's public profile",
)
def get_person(request: HttpRequest, handle: str) -> queries.PublicProfile:
    return queries.public_profile(viewer=_member(request), handle=handle)


@router.get("/me/tokens", response={200: list[TokenOut], **ERRORS}, summary="My API tokens")
def list_tokens(request: HttpRequest) -> list[Any]:
    return list(queries.list_live_tokens(user=_member(request)))


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, 409: ErrorOut, **ERRORS},
    summary="Make a token",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    try:
        token, secret = actions.create_token(user=_member(request), name=payload.name)
    except ValidationError as error:
        if error.error_dict.get("name") and error.error_dict["name"][0].code == "duplicate":
            return Status(409, {"detail": error.messages[0]})
        # The same shape as Ninja's own 422, so clients handle one format.
        problems = [
            {"loc": ["body", "payload", "name"], "msg": message, "type": "value_error"}
            for message in error.messages
        ]
        return Status(422, {"detail": problems})
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "prefix": token.prefix,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "secret": secret,
        },
    )


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS}, summary="Revoke a token")
def revoke_token(
    request: HttpRequest, token_id: Annotated[int, PathParam(ge=1, le=DATABASE_INT_MAX)]
) -> Status[None]:
    member = _member(request)
    token = permissions.access_own_token(user=member, token_id=token_id)
    actions.revoke_token(actor=member, token=token)
    return Status(204, None)
