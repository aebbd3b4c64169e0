"""API authentication: a personal token (`Authorization: Bearer kin_...`) or the web session."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from kinship.accounts import actions, queries
from kinship.accounts.models import User


class ApiTokenAuth(HttpBearer):
    """A personal API token; only its SHA-256 digest is in the database."""

    openapi_description = "A personal API token from /me/tokens/, sent as a bearer token."

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = queries.get_token_by_secret(secret=token)
        if api_token is None:
            return None
        actions.record_token_use(token=api_token)
        request.user = api_token.user
        return api_token.user


class MemberSessionAuth(SessionAuth):
    """The browser session, with Django's CSRF check on unsafe methods."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if isinstance(user, User) and user.is_active:
            return user
        return None


api_auth = [ApiTokenAuth(), MemberSessionAuth()]
