"""Django's ASGI handler, with request threads kept and the middleware run in one go.

Django runs a request's synchronous code (middleware, views, the ORM) on a thread of its
own, so that two requests never share a database connection. Django's own handler starts
that thread for each request and, when the request is over, starts a second one to wait
for the first to end. Here a request borrows a single-thread executor that is already
running, and gives it back when the response is sent: the same isolation (one request
on a thread at a time), without two thread starts per request.

Kinship's views and middleware are synchronous. Django's ASGI handler builds an
asynchronous middleware chain and, at each synchronous middleware or view, passes the
request between the event loop and the request's thread (several hand-overs a request).
Here the chain is built synchronous, as under WSGI, and the whole of it runs on the
request's thread in one hand-over.

A request that ends while its synchronous code is still running (the client went away
mid-request) gives its executor back all the same: the next request borrowing it waits
for that code to finish first, since the executor runs one call at a time.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import AsyncToSync, ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler

# Idle threads kept for the next requests; more than this many at once are let go.
KEPT_THREADS = 64


class RequestThreads:
    """Single-thread executors, lent one per request and taken back afterwards."""

    def __init__(self, kept: int = KEPT_THREADS) -> None:
        self.kept = kept
        self._idle: deque[ThreadPoolExecutor] = deque()
        self.started = 0

    def borrow(self) -> ThreadPoolExecutor:
        try:
            return self._idle.pop()
        except IndexError:
            self.started += 1
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="kinship-request")

    def give_back(self, executor: ThreadPoolExecutor) -> None:
        if len(self._idle) < self.kept:
            self._idle.append(executor)
        else:
            executor.shutdown(wait=False)

    @property
    def idle(self) -> int:
        return len(self._idle)


class KinshipASGIHandler(ASGIHandler):
    """`django.core.asgi.get_asgi_application()`: request threads reused, chain synchronous."""

    _middleware_chain: Any  # set by `load_middleware` (not in Django's type stubs)

    def __init__(self) -> None:
        BaseHandler.__init__(self)
        self.load_middleware(is_async=False)
        # Django's `get_response_async` awaits the chain. Middleware that only runs
        # asynchronously (static files) sits at its top, and Django wrapped it for
        # synchronous callers: await it as it is. Otherwise the whole chain is one call
        # on the request's thread.
        chain = self._middleware_chain
        if isinstance(chain, AsyncToSync):
            self._middleware_chain = chain.awaitable
        else:
            self._middleware_chain = sync_to_async(chain, thread_sensitive=True)
        self.threads = RequestThreads()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = self.threads.borrow()
        try:
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            self.threads.give_back(executor)
