"""P1's probe, run in a Django process on the working copy before the load.

    python -m bench.p1_probe META_JSON SQL_JSON

P1 runs it as a subprocess (`run_probe`). It signs the readers in (session cookies and
personal tokens), picks the thread pages to request, counts each page's queries through
the test client (on a 1-post and on the deepest thread page too), keeps their SQL with
EXPLAIN ANALYZE plans, times the page-of-posts query against its OFFSET, and measures where
one request's time goes in-process. The pages' SQL goes to SQL_JSON for the bare app; the
rest is printed as one JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench.p1 import DIAGNOSTICS, ENDPOINTS, SAMPLES_PER_ENDPOINT, request_path


def _thread_samples(rng: random.Random) -> dict[str, list[tuple[int, int]]]:
    """(thread id, page) pairs: full pages of threads in open boards, and 1-post threads."""
    from django.db.models import Count, Q

    from kinship.forums.models import Thread

    visible = Q(posts__is_held=False, posts__is_hidden=False, posts__is_deleted=False)
    base = Thread.objects.filter(
        board__group_id__isnull=True,
        board__is_archived=False,
        is_held=False,
        is_hidden=False,
        is_deleted=False,
    )
    long_threads = list(
        base.filter(reply_count__gte=19)
        .annotate(shown=Count("posts", filter=visible))
        .values_list("id", "shown")
    )
    rng.shuffle(long_threads)
    pages = []
    for thread_id, shown in long_threads[:SAMPLES_PER_ENDPOINT]:
        last_full = shown // 20
        pages.append((thread_id, 1 if rng.random() < 0.5 else max(1, last_full)))
    single = list(base.filter(reply_count=0).values_list("id", flat=True)[:200])
    rng.shuffle(single)
    deepest = max(long_threads, key=lambda pair: pair[1])
    return {
        "pages": pages,
        "single": [(thread_id, 1) for thread_id in single[:10]],
        "deepest": [(deepest[0], max(1, deepest[1] // 20))],
    }


def _explain(statements: list[str]) -> list[dict[str, Any]]:
    from django.db import connection

    plans = []
    with connection.cursor() as cursor:
        for sql in statements:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            lines = [row[0] for row in cursor.fetchall()]
            plans.append({"sql": sql, "plan": lines})
    return plans


def _posts_query_timings(samples: list[list[str]]) -> list[dict[str, Any]]:
    """How long each sample's page-of-posts query runs in PostgreSQL, against its OFFSET."""
    from django.db import connection

    timings = []
    with connection.cursor() as cursor:
        for statements in samples:
            for sql in statements:
                if 'FROM "forums_post"' not in sql or "ORDER BY" not in sql:
                    continue
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                (document,) = cursor.fetchone()
                plan = document[0] if isinstance(document, list) else json.loads(document)[0]
                found = re.search(r"OFFSET (\d+)", sql)
                offset = found.group(1) if found else "0"
                timings.append(
                    {
                        "offset": int(offset),
                        "execution_ms": round(plan["Execution Time"], 2),
                        "top_node": plan["Plan"]["Plans"][0]["Node Type"]
                        if plan["Plan"].get("Plans")
                        else plan["Plan"]["Node Type"],
                    }
                )
    return sorted(timings, key=lambda row: row["offset"])


def probe(meta: dict[str, Any], sql_path: str) -> dict[str, Any]:
    """In a Django process on the working copy: who signs in, what to request, queries."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kinship.accounts.actions import create_token
    from kinship.accounts.models import User

    rng = random.Random(11)
    readers = list(User.objects.filter(pk__in=meta["readers"]).order_by("pk"))
    sessions, tokens = [], []
    for reader in readers:
        client = Client()
        client.force_login(reader)
        sessions.append(client.cookies["sessionid"].value)
        _token, secret = create_token(user=reader, name="bench-p1")
        tokens.append(secret)
    samples = _thread_samples(rng)

    def fetch(
        endpoint: str, reader: int, thread_id: int = 0, page: int = 1
    ) -> tuple[int, list[str]]:
        client = Client(raise_request_exception=False)
        extra: dict[str, Any] = {"secure": True}
        if endpoint.startswith("html"):
            client.cookies["sessionid"] = sessions[reader]
        else:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {tokens[reader]}"
        with CaptureQueriesContext(connection) as captured:
            response = client.get(request_path(endpoint, thread_id, page), **extra)
        return response.status_code, [query["sql"] for query in captured.captured_queries]

    plan: dict[str, list[dict[str, Any]]] = {}
    for endpoint in (*ENDPOINTS, *DIAGNOSTICS):
        rows = []
        for number in range(SAMPLES_PER_ENDPOINT):
            reader = number % len(readers)
            thread_id, page = samples["pages"][number % len(samples["pages"])]
            if endpoint.endswith("latest"):
                thread_id, page = 0, 1
            if endpoint.endswith("first"):
                page = 1
            rows.append({"reader": reader, "thread": thread_id, "page": page})
        plan[endpoint] = rows
    # A token's first use in a minute also writes `last_used_at`; count the steady state.
    for reader in range(len(readers)):
        fetch("json_latest", reader)

    available: dict[str, bool] = {}
    queries: dict[str, Any] = {}
    bare_sql: dict[str, list[list[str]]] = {}
    plans: dict[str, Any] = {}
    for endpoint, rows in plan.items():
        counts, statements, statuses = [], [], Counter()
        for row in rows:
            status, sql = fetch(endpoint, row["reader"], row["thread"], row["page"])
            statuses[status] += 1
            counts.append(len(sql))
            statements.append(sql)
        available[endpoint] = statuses.get(200, 0) == len(rows)
        queries[endpoint] = {
            "min": min(counts),
            "median": statistics.median(counts),
            "max": max(counts),
            "statuses": dict(statuses),
        }
        bare_sql[endpoint] = statements
        plans[endpoint] = _explain(statements[0]) if available[endpoint] else []
        queries[endpoint]["sql"] = statements[0]
    plans["html_thread_posts_query_by_offset"] = _posts_query_timings(bare_sql["html_thread"])
    for endpoint in ("html_thread", "json_thread"):
        for label in ("single", "deepest"):
            thread_id, page = samples[label][0]
            status, sql = fetch(endpoint, 0, thread_id, page)
            queries[endpoint][f"{label}_post_page"] = {
                "thread": thread_id,
                "page": page,
                "status": status,
                "queries": len(sql),
            }
            if label == "deepest" and status == 200:
                plans[f"{endpoint}_deepest"] = _explain(sql)
        queries[endpoint]["full_page"] = queries[endpoint]["median"]
    Path(sql_path).write_text(json.dumps(bare_sql), encoding="utf-8")
    costs = {
        endpoint: _costs(sessions, tokens, plan[endpoint], endpoint)
        for endpoint in (*ENDPOINTS, *DIAGNOSTICS)
        if available[endpoint]
    }
    costs["healthz"] = _costs(sessions, tokens, plan["html_latest"], "healthz")
    return {
        "sessions": sessions,
        "tokens": tokens,
        "plan": plan,
        "available": available,
        "queries": queries,
        "plans": plans,
        "costs_in_process": costs,
    }


def _costs(
    sessions: list[str], tokens: list[str], rows: list[dict[str, Any]], endpoint: str
) -> dict[str, float]:
    """Where one request's time goes, in this process: SQL, templates, the rest (CPU ms).

    The test client runs the whole middleware stack and view; the SQL time is what the
    queries took as Django saw them (driver and round trip included) and the template
    time is the top-level render. "healthz" (no session, no queries) is the floor.
    """
    from django.db import connection
    from django.template.backends import django as django_backend
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    spent = {"render": 0.0}
    original = django_backend.Template.render

    def timed_render(self: Any, *args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent["render"] += time.perf_counter() - begun

    clients = []
    for row in rows:
        client = Client(raise_request_exception=False)
        extra: dict[str, Any] = {"secure": True}
        if endpoint.startswith("html"):
            client.cookies["sessionid"] = sessions[row["reader"]]
        elif endpoint.startswith("json"):
            extra["HTTP_AUTHORIZATION"] = f"Bearer {tokens[row['reader']]}"
        path = (
            "/healthz"
            if endpoint == "healthz"
            else request_path(endpoint, row["thread"], row["page"])
        )
        clients.append((client, path, extra))
    for client, path, extra in clients:  # warm: templates compiled, pool filled
        client.get(path, **extra)
    django_backend.Template.render = timed_render  # type: ignore[method-assign]
    try:
        rounds = 3
        wall_started, cpu_started = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            for _round in range(rounds):
                for client, path, extra in clients:
                    client.get(path, **extra)
        wall = time.perf_counter() - wall_started
        cpu = time.process_time() - cpu_started
    finally:
        django_backend.Template.render = original  # type: ignore[method-assign]
    count = rounds * len(clients)
    sql = sum(float(query["time"]) for query in captured.captured_queries)
    return {
        "wall_ms": round(wall / count * 1000, 2),
        "cpu_ms": round(cpu / count * 1000, 2),
        "sql_ms": round(sql / count * 1000, 2),
        "template_ms": round(spent["render"] / count * 1000, 2),
        "rest_ms": round((wall - sql - spent["render"]) / count * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("meta", help="the data set's description, as forumgen.ensure gives it")
    parser.add_argument("sql", help="where to write the SQL each page sent, for the bare app")
    arguments = parser.parse_args()
    meta = json.loads(Path(arguments.meta).read_text(encoding="utf-8"))
    print(json.dumps(probe(meta, arguments.sql), default=str))


if __name__ == "__main__":
    main()
