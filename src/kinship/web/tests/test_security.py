"""Security headers, no inline script or style, cookies and HSTS under HTTPS, /healthz."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ["/", "/help/", "/missing-page/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_send_a_nonce_csp_without_unsafe_inline(client: Client, path):
    response = client.get(path)

    policy = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    assert "frame-ancestors 'none'" in policy
    # The site's own script carries the same nonce as the header.
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_scripts_styles_or_handlers(member_client: Client, path):
    html = member_client.get(path).content.decode()

    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, tag
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_nonce_changes_between_requests(client: Client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]

    assert first != second


def test_basic_security_headers(client: Client):
    response = client.get("/")

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_no_hsts_over_plain_http_in_development(client: Client):
    assert "Strict-Transport-Security" not in client.get("/")


def _settings_with_https() -> dict[str, object]:
    """The security settings the settings module derives when KINSHIP_HTTPS is on."""
    path = Path(settings.BASE_DIR) / "config" / "settings.py"
    spec = importlib.util.spec_from_file_location("kinship_settings_https", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict("os.environ", {"KINSHIP_HTTPS": "true"}):
        spec.loader.exec_module(module)
    sys.modules.pop("kinship_settings_https", None)
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
    ]
    return {name: getattr(module, name) for name in names}


def test_https_settings_turn_on_secure_cookies_hsts_and_redirect():
    https = _settings_with_https()

    assert https["SESSION_COOKIE_SECURE"] is True
    assert https["CSRF_COOKIE_SECURE"] is True
    assert https["SECURE_SSL_REDIRECT"] is True
    assert int(str(https["SECURE_HSTS_SECONDS"])) >= 31536000


def test_under_https_cookies_are_secure_and_hsts_is_sent(member):
    with override_settings(**_settings_with_https()):
        client = Client()
        plain = client.get("/")
        secure = client.get("/", secure=True)
        signed_in = client.post(
            reverse("account_login"),
            {"login": member.handle, "password": "correct-horse-battery-staple"},
            secure=True,
        )

    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert "max-age=31536000" in secure["Strict-Transport-Security"]
    assert "includeSubDomains" in secure["Strict-Transport-Security"]
    # The footer's language form sets the CSRF cookie; signing in sets the session cookie.
    assert secure.cookies["csrftoken"]["secure"] is True
    assert signed_in.cookies["sessionid"]["secure"] is True
    assert signed_in.cookies["sessionid"]["httponly"] is True


def test_healthz_answers_ok_without_signing_in(client: Client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client: Client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


def test_healthz_refuses_writes(client: Client):
    assert client.post("/healthz").status_code == 405
