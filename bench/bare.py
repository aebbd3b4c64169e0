"""The same-run baseline of the forum benchmarks: a bare ASGI app on raw psycopg.

Started by uvicorn as `bench.bare:bare_application` on the site's core. For P1 it runs
the SQL each sampled page sent (recorded by P1's probe) and answers with the rows as JSON;
for P2 it inserts one post row per request. What remains of a page's or a reply's time
beside it is Django's.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


class BareApp:
    """Runs the SQL a page sent (recorded by the probe) and answers with the rows as JSON.

    GET /<endpoint>/<n> runs sample n's statements, in order, on one psycopg connection
    in autocommit, as the Django pages do; POST /reply inserts one post row (P2's baseline).
    """

    def __init__(self) -> None:
        self.connection: Any = None
        self.samples: dict[str, list[list[str]]] = {}
        path = os.environ.get("BENCH_BARE_SQL", "")
        if path:
            self.samples = json.loads(Path(path).read_text(encoding="utf-8"))

    def _connect(self) -> Any:
        if self.connection is None or self.connection.closed:
            import psycopg

            self.connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        return self.connection

    def _page(self, endpoint: str, number: int) -> bytes:
        statements = self.samples[endpoint][number % len(self.samples[endpoint])]
        result = []
        with self._connect().cursor() as cursor:
            for sql in statements:
                cursor.execute(sql.encode("utf-8"))
                if cursor.description is not None:
                    result.append(cursor.fetchall())
        return json.dumps(result, default=str).encode("utf-8")

    def _reply(self, body: bytes) -> bytes:
        payload = json.loads(body)
        with self._connect().cursor() as cursor:
            cursor.execute(
                "INSERT INTO forums_post (created_at, updated_at, is_anonymous, is_opening, "
                "body, body_html, content_note, is_held, held_reason, is_hidden, is_deleted, "
                "edit_count, author_id, thread_id) VALUES (now(), now(), false, false, %s, %s, "
                "'', false, '', false, false, 0, %s, %s) RETURNING id",
                [payload["body"], payload["body_html"], payload["author"], payload["thread"]],
            )
            (post_id,) = cursor.fetchone()
        return json.dumps({"id": post_id}).encode("utf-8")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        parts = scope["path"].strip("/").split("/")
        status = 200
        if parts[0] == "healthz":
            answer = b"{}"
        elif parts[0] == "reply" and scope["method"] == "POST":
            answer, status = self._reply(body), 201
        else:
            answer = self._page(parts[0], int(parts[1]))
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(answer)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer})


bare_application = BareApp()
