"""Property tests: every API operation answers as its OpenAPI document says, for any input."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from kinship.accounts import actions as account_actions
from kinship.accounts.tests.factories import make_user
from kinship.notifications import actions as notification_actions

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Calls go straight to the WSGI app, whose request signals would close the test's
    database connection (and its transaction); Django's test client disconnects them too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def member_token(db) -> str:
    member = make_user(handle="schema-tester", bio="Here for the long haul.", show_bio=True)
    make_user(handle="another-member")
    notification_actions.notify(recipient=member, kind="system.announcement", title="Hello")
    _token, secret = account_actions.create_token(user=member, name="schema tests")
    return secret


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema_when_signed_in(case, member_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {member_token}"})


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@pytest.mark.django_db
def test_api_conforms_to_its_schema_without_credentials(case):
    case.call_and_validate()
