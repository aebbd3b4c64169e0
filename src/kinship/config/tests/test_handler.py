"""The ASGI handler: request threads kept and reused, the middleware chain run in one go."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from asgiref.sync import SyncToAsync, sync_to_async
from asgiref.testing import ApplicationCommunicator
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from kinship.accounts.tests.factories import make_user
from kinship.config.handler import KinshipASGIHandler, RequestThreads

seen: list[tuple[str, int]] = []
gate = threading.Event()


def which_thread(request: HttpRequest) -> HttpResponse:
    """A page that says which thread served it (and may wait, to overlap requests)."""
    if request.GET.get("wait"):
        gate.wait(5)
    seen.append((request.path, threading.get_ident()))
    return HttpResponse(str(threading.get_ident()))


urlpatterns = [path("which-thread/", which_thread)]


async def _get(
    app: Any, url: str, headers: list[tuple[bytes, bytes]] | None = None
) -> dict[str, Any]:
    """One GET through an ASGI application, as a server would send it."""
    target, _, query = url.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": target,
        "raw_path": target.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"testserver"), *(headers or [])],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }
    communicator = ApplicationCommunicator(app, scope)
    await communicator.send_input({"type": "http.request", "body": b"", "more_body": False})
    start = await communicator.receive_output(10)
    response = {"status": start["status"], "headers": start.get("headers", []), "body": b""}
    while True:
        message = await communicator.receive_output(10)
        response["body"] += message.get("body", b"")
        if not message.get("more_body", False):
            break
    await communicator.wait(10)
    return response


def test_a_thread_is_lent_once_at_a_time_and_kept_for_the_next() -> None:
    threads = RequestThreads(kept=2)
    first, second, third = threads.borrow(), threads.borrow(), threads.borrow()
    assert len({id(first), id(second), id(third)}) == 3
    assert threads.started == 3
    for executor in (first, second, third):
        threads.give_back(executor)
    assert threads.idle == 2  # the third was let go
    assert threads.borrow() in (first, second)
    assert threads.started == 3


@pytest.mark.asyncio
@pytest.mark.urls("kinship.config.tests.test_handler")
@pytest.mark.django_db(transaction=True)
async def test_requests_one_after_another_reuse_one_thread() -> None:
    handler = KinshipASGIHandler()
    seen.clear()
    for _ in range(5):
        response = await _get(handler, "/which-thread/")
        assert response["status"] == 200
    assert handler.threads.started == 1
    assert len({ident for _path, ident in seen}) == 1
    assert seen[0][1] != threading.get_ident()  # not on the event loop's thread


@pytest.mark.asyncio
@pytest.mark.urls("kinship.config.tests.test_handler")
@pytest.mark.django_db(transaction=True)
async def test_requests_at_the_same_time_each_have_their_own_thread() -> None:
    handler = KinshipASGIHandler()
    seen.clear()
    gate.clear()
    waiting = [asyncio.create_task(_get(handler, "/which-thread/?wait=1")) for _ in range(3)]
    for _ in range(100):  # all three are inside the view, on threads of their own
        if handler.threads.started == 3:
            break
        await asyncio.sleep(0.01)
    gate.set()
    responses = await asyncio.gather(*waiting)
    assert [response["status"] for response in responses] == [200, 200, 200]
    assert len({ident for _path, ident in seen}) == 3
    assert handler.threads.idle == 3


def _comparable(response: dict[str, Any]) -> tuple[int, dict[bytes, bytes]]:
    # The nonce, the CSRF cookie and so the length differ from one response to the next.
    varying = (b"content-security-policy", b"set-cookie", b"content-length")
    headers = {
        name.lower(): value for name, value in response["headers"] if name.lower() not in varying
    }
    return response["status"], headers


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_pages_static_files_and_errors_answer_as_under_djangos_own_handler() -> None:
    ours, djangos = KinshipASGIHandler(), ASGIHandler()
    member = await sync_to_async(make_user)()
    client = Client()
    await sync_to_async(client.force_login)(member)
    cookie = [(b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode())]
    for url, headers in (
        ("/healthz", []),
        ("/help/", []),
        ("/forums/latest/", cookie),
        ("/forums/latest/", []),  # signed out: sent to sign in
        ("/static/web/kinship.css", []),
        ("/no-such-page/", []),
    ):
        mine, theirs = await _get(ours, url, headers), await _get(djangos, url, headers)
        assert _comparable(mine) == _comparable(theirs), url
        if url.startswith("/static/"):
            assert mine["status"] == 200
            assert mine["body"] == theirs["body"]
            assert len(mine["body"]) > 1000
        if url == "/forums/latest/" and headers:
            assert mine["status"] == 200
            assert b"Sign out" in mine["body"]  # signed in as the member
    # The static files middleware runs on the event loop; the rest in one hand-over.
    assert asyncio.iscoroutinefunction(ours._middleware_chain)
    assert not isinstance(ours._middleware_chain, SyncToAsync)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_without_asynchronous_middleware_the_whole_chain_is_one_call() -> None:
    only_sync = [name for name in settings.MIDDLEWARE if "servestatic" not in name]
    with override_settings(MIDDLEWARE=only_sync):
        ours, djangos = KinshipASGIHandler(), ASGIHandler()
        assert isinstance(ours._middleware_chain, SyncToAsync)
        for url in ("/healthz", "/help/", "/forums/latest/", "/no-such-page/"):
            mine, theirs = await _get(ours, url), await _get(djangos, url)
            assert _comparable(mine) == _comparable(theirs), url
        assert mine["status"] == 404
    assert ours.threads.started == 1


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_the_site_application_serves_through_this_handler() -> None:
    from kinship.config import asgi

    assert isinstance(asgi.django_asgi_app, KinshipASGIHandler)
    response = await _get(asgi.application, "/healthz")
    assert response["status"] == 200
