"""P2's set-up, run in a Django process on the working copy before the load.

    python -m bench.p2_setup META_JSON

P2 runs it as a subprocess (`_run_setup`). It gives the writers personal tokens, draws the
threads to answer (in proportion to their size) and the reply bodies, posts one reply each
to the largest thread, a 100-post one and an unanswered one (their queries and slowest
statements), and times 60 more replies in-process. The result is printed as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import time
from pathlib import Path
from typing import Any

from bench.forumtext import make_body

REPLY_BODIES = 500
TARGET_THREADS = 5000
PROBE_WRITERS = 3
IN_PROCESS_REPLIES = 60
RESERVED_WRITERS = PROBE_WRITERS + IN_PROCESS_REPLIES + 10


def setup(meta: dict[str, Any]) -> dict[str, Any]:
    """Tokens for the writers, the threads to answer, the bodies, and one reply's queries."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kinship.accounts.models import ApiToken
    from kinship.accounts.queries import TOKEN_PREFIX, digest_secret
    from kinship.forums.models import Thread
    from kinship.forums.rendering import render_markdown

    rng = random.Random(22)
    writers = meta["writers"]
    secrets_by_writer = {writer: TOKEN_PREFIX + secrets.token_urlsafe(32) for writer in writers}
    ApiToken.objects.bulk_create(
        ApiToken(user_id=writer, name="bench-p2", prefix=secret[:12], digest=digest_secret(secret))
        for writer, secret in secrets_by_writer.items()
    )
    open_threads = list(
        Thread.objects.filter(
            board__group_id__isnull=True,
            board__is_archived=False,
            is_held=False,
            is_hidden=False,
            is_deleted=False,
            is_locked=False,
        ).values_list("id", "reply_count")
    )
    threads = rng.choices(
        [thread_id for thread_id, _count in open_threads],
        weights=[count + 1 for _thread_id, count in open_threads],
        k=TARGET_THREADS,
    )
    bodies = [make_body(rng) for _ in range(REPLY_BODIES)]
    rendered = [render_markdown(body) for body in bodies]

    # One reply each to the largest thread, a 100-post thread and an unanswered one.
    by_size = sorted(open_threads, key=lambda pair: pair[1])
    probe_threads = [
        by_size[-1][0],
        min(by_size, key=lambda pair: abs(pair[1] - 99))[0],
        by_size[0][0],
    ]
    probes = []
    for number, writer in enumerate(writers[-PROBE_WRITERS:]):
        client = Client(raise_request_exception=False)
        payload = json.dumps({"body": bodies[number]})
        thread_id = probe_threads[number]
        size = dict(open_threads)[thread_id] + 1
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                f"/api/v1/forums/threads/{thread_id}/posts",
                data=payload,
                content_type="application/json",
                secure=True,
                HTTP_AUTHORIZATION=f"Bearer {secrets_by_writer[writer]}",
                HTTP_IDEMPOTENCY_KEY=f"p2-probe-{number}",
            )
        statements = [query["sql"] for query in captured.captured_queries]
        probes.append(
            {
                "status": response.status_code,
                "thread": thread_id,
                "thread_posts": size,
                "milliseconds_in_process": round((time.perf_counter() - started) * 1000, 1),
                "queries": len(statements),
                "slowest_statements": _slowest(statements),
                "sql": [sql[:300] for sql in statements],
            }
        )
    return {
        "writers": [[writer, secrets_by_writer[writer]] for writer in writers[:-RESERVED_WRITERS]],
        "threads": threads,
        "bodies": bodies,
        "rendered": rendered,
        "probes": probes,
        # A reader of P1's: not a writer here, so its raw rows limit nobody's posting.
        "baseline_author": meta["readers"][-1],
        "costs_in_process": _costs(
            writers[-RESERVED_WRITERS:-PROBE_WRITERS], secrets_by_writer, threads, bodies
        ),
    }


def _costs(
    writers: list[int], secrets_by_writer: dict[int, str], threads: list[int], bodies: list[str]
) -> dict[str, float]:
    """Where one reply's time goes in this process (after ten to warm up): SQL and the rest."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)

    def reply(number: int) -> int:
        writer = writers[number]
        response = client.post(
            f"/api/v1/forums/threads/{threads[-1 - number]}/posts",
            data=json.dumps({"body": bodies[-1 - number]}),
            content_type="application/json",
            secure=True,
            HTTP_AUTHORIZATION=f"Bearer {secrets_by_writer[writer]}",
            HTTP_IDEMPOTENCY_KEY=f"p2-in-process-{number}",
        )
        return response.status_code

    for number in range(10):
        reply(number)
    statuses = []
    wall_started, cpu_started = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as captured:
        for number in range(10, len(writers)):
            statuses.append(reply(number))
    wall = time.perf_counter() - wall_started
    cpu = time.process_time() - cpu_started
    count = len(statuses)
    sql = sum(float(query["time"]) for query in captured.captured_queries)
    return {
        "replies": count,
        "created": statuses.count(201),
        "wall_ms": round(wall / count * 1000, 2),
        "cpu_ms": round(cpu / count * 1000, 2),
        "sql_ms": round(sql / count * 1000, 2),
        "queries": round(len(captured.captured_queries) / count, 1),
    }


def _slowest(statements: list[str], count: int = 6) -> list[dict[str, Any]]:
    """The reply's read statements, run again under EXPLAIN ANALYZE, slowest first."""
    from django.db import connection

    timed = []
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.startswith("SELECT") or "pg_advisory" in sql:
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            (document,) = cursor.fetchone()
            plan = document[0] if isinstance(document, list) else json.loads(document)[0]
            timed.append({"execution_ms": round(plan["Execution Time"], 2), "sql": sql[:400]})
    return sorted(timed, key=lambda row: row["execution_ms"], reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("meta", help="the data set's description, as forumgen.ensure gives it")
    arguments = parser.parse_args()
    meta = json.loads(Path(arguments.meta).read_text(encoding="utf-8"))
    print(json.dumps(setup(meta), default=str))


if __name__ == "__main__":
    main()
