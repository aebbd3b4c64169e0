"""The `kinship` command as an operator runs it: a real process, a real server."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.sync.client import connect

KINSHIP = [sys.executable, "-m", "kinship.cli"]


@pytest.fixture
def operator_env(tmp_path: Path) -> dict[str, str]:
    """A fresh single-machine install: its own data folder, no services named."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "PYTEST_CURRENT_TEST"}
    }
    env.update({"KINSHIP_DATA_DIR": str(tmp_path / "data"), "KINSHIP_TESTING": "0"})
    return env


def run_kinship(
    args: list[str], env: dict[str, str], stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own interpreter and module)
        [*KINSHIP, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_help_lists_the_kinship_commands(operator_env):
    result = run_kinship(["--help"], operator_env)
    assert result.returncode == 0
    for command in ("serve", "migrate", "demo", "users", "tokens", "keys", "audit", "check"):
        assert re.search(rf"^\s+{command}\s", result.stdout, re.MULTILINE), command


def test_unknown_command_fails_with_a_message(operator_env):
    result = run_kinship(["frobnicate"], operator_env)
    assert result.returncode != 0
    assert "Unknown command" in result.stderr


def test_bad_arguments_exit_non_zero_with_a_clear_error(operator_env):
    assert run_kinship(["migrate", "-v0"], operator_env).returncode == 0
    result = run_kinship(
        ["users", "create", "--handle", "x@example.org", "--role", "member"], operator_env
    )
    assert result.returncode != 0
    assert "e-mail" in result.stderr.lower()
    result = run_kinship(["serve", "--port", "not-a-port"], operator_env)
    assert result.returncode == 2
    assert "invalid int value" in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(operator_env: dict[str, str]) -> Iterator[tuple[str, dict[str, str]]]:
    assert run_kinship(["migrate", "-v0"], operator_env).returncode == 0
    created = run_kinship(
        ["users", "create", "--handle", "river-stone", "--role", "member"],
        operator_env,
        stdin="a-long-enough-password-123\n",
    )
    assert created.returncode == 0, created.stderr
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [*KINSHIP, "serve", "--port", str(port)],
        env=operator_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("kinship serve did not answer /healthz within 30 s")
        yield base, operator_env
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_answers_pages_and_a_signed_in_websocket(served):
    base, env = served
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/accounts/login/").read().decode()
    assert "Get help now" in page
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert csrf is not None
    form = urllib.parse.urlencode(
        {
            "login": "river-stone",
            "password": "a-long-enough-password-123",
            "csrfmiddlewaretoken": csrf.group(1),
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310
        f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
    )
    home = opener.open(request).read().decode()
    assert "river-stone" in home or "Sign out" in home
    cookie = "; ".join(f"{item.name}={item.value}" for item in jar)

    # The synchronous client: browser tests in the same session keep an event loop running.
    with connect(
        f"ws://127.0.0.1:{base.rsplit(':', 1)[1]}/ws/notifications/",
        origin=base,
        additional_headers={"Cookie": cookie},
    ) as live:
        live.send('{"type": "ping"}')
        assert "pong" in str(live.recv(timeout=5))
