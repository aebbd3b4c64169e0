"""P1: a thread page (20 posts) and the latest-threads list, HTML and JSON, signed in.

    python -m bench.p1 [--runs 3] [--saturation-seconds 8] [--open-seconds 12]

On data set S's forum part (bench/forumgen.py; PostgreSQL, a working copy of the kept
data set). The site runs as in production (`kinship serve`: uvicorn, one worker,
KINSHIP_ENV=production, DEBUG off, pooled database connections, Redis) pinned to core 0;
this process, pinned to core 1, is the load. The readers are 200 members (one group
each), signed in with a session cookie (HTML) or a personal token (JSON); a thread page
is a thread with at least 20 visible posts, its first or its last full page.

For each endpoint and run: a closed loop of 8 connections gives saturation (req/s), then
an open loop at half of that rate (fixed arrival times; latency counted from the time a
request was due, so queueing shows) gives p50/p99. Before the load, a probe in a Django
process counts the queries of each page through the test client (on a 1-post and on a
20-post thread page too), keeps their SQL and EXPLAIN ANALYZE plans. The same-run baseline
is a bare ASGI app on the same core that runs exactly those SQL statements through one
psycopg connection and returns the rows as JSON: what the pages' queries cost without
Django. Figures are medians over the runs. Writes bench/results/p1.json, prints one line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import forumgen
from bench.common import ROOT
from bench.load import (
    REDIS_URL,
    build_request,
    closed_loop,
    core_busy_seconds,
    cpu_seconds,
    database_cpu_seconds,
    new_secrets,
    open_loop,
    pin_to,
    site_env,
    start_bare,
    start_site,
    stop,
    worker_cpu_seconds,
)

RESULTS = ROOT / "bench" / "results" / "p1.json"
WORK_DB = "kinship_bench_forums_p1"
DJANGO_PORT = 8761
# The 2-worker run opens its connections this far apart (see `_closed_loop`).
TWO_WORKER_STAGGER = 0.02
BARE_PORT = 8762
BARS = {"p50_ms": 15.0, "p99_ms": 50.0, "list_per_second": 250.0, "queries": 8}
ENDPOINTS = ("html_thread", "html_latest", "json_thread", "json_latest")
# Measured the same way, outside the bars: page 1 only, to separate a deep page's OFFSET.
DIAGNOSTICS = ("html_thread_first",)
LISTS = ("html_latest", "json_latest")
SAMPLES_PER_ENDPOINT = 60
CLOSED_CONNECTIONS = 8


# --- the baseline: the pages' own SQL through psycopg, in a bare ASGI app ---------------


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


# --- the probe: sessions, tokens, the requests, queries per page, plans -----------------


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


def _paths(endpoint: str, thread_id: int = 0, page: int = 1) -> str:
    if endpoint.startswith("html_thread"):
        return f"/forums/t/{thread_id}/?page={page}"
    if endpoint == "json_thread":
        return f"/api/v1/forums/threads/{thread_id}?page={page}"
    if endpoint == "html_latest":
        return "/forums/latest/"
    return "/api/v1/forums/threads"


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
            response = client.get(_paths(endpoint, thread_id, page), **extra)
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
        path = "/healthz" if endpoint == "healthz" else _paths(endpoint, row["thread"], row["page"])
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


# --- the parent ------------------------------------------------------------------------------


def _requests(endpoint: str, probed: dict[str, Any]) -> list[bytes]:
    requests = []
    for row in probed["plan"][endpoint]:
        if endpoint.startswith("html"):
            headers = {"Cookie": f"sessionid={probed['sessions'][row['reader']]}"}
        else:
            headers = {"Authorization": f"Bearer {probed['tokens'][row['reader']]}"}
        requests.append(build_request("GET", _paths(endpoint, row["thread"], row["page"]), headers))
    return requests


def _bare_requests(endpoint: str) -> list[bytes]:
    return [build_request("GET", f"/{endpoint}/{n}") for n in range(SAMPLES_PER_ENDPOINT)]


def _measure(
    port: int,
    pid: int,
    requests: list[bytes],
    *,
    saturation_seconds: float,
    open_seconds: float,
    rate: float | None = None,
) -> dict[str, Any]:
    database_before = database_cpu_seconds(WORK_DB)
    core_before = core_busy_seconds(0)
    cpu_before, clock_before = cpu_seconds(pid), time.monotonic()
    saturation = closed_loop(
        port, requests, connections=CLOSED_CONNECTIONS, seconds=saturation_seconds
    )
    cpu_used = cpu_seconds(pid) - cpu_before
    # Core 0 busy beyond the server: the database's backends and other people's work.
    saturation["core0_busy_share"] = round(
        (core_busy_seconds(0) - core_before) / (time.monotonic() - clock_before), 2
    )
    saturation["database_cpu_ms_per_request"] = round(
        (database_cpu_seconds(WORK_DB) - database_before) * 1000 / max(1, saturation["requests"]),
        2,
    )
    saturation["server_cpu_share"] = round(cpu_used / (time.monotonic() - clock_before), 2)
    saturation["server_cpu_ms_per_request"] = round(
        cpu_used * 1000 / max(1, saturation["requests"]), 2
    )
    offered = rate if rate is not None else max(1.0, saturation["per_second"] / 2)
    cpu_before, clock_before = cpu_seconds(pid), time.monotonic()
    opened = open_loop(port, requests, rate=offered, seconds=open_seconds)
    opened["server_cpu_share"] = round(
        (cpu_seconds(pid) - cpu_before) / (time.monotonic() - clock_before), 2
    )
    return {"saturation": saturation, "open": opened}


def _two_core_saturation(pid: int, requests: list[bytes], seconds: float) -> dict[str, Any]:
    """Closed-loop saturation of a 2-worker server, with the load's own CPU share."""
    server_before, clock_before = cpu_seconds(pid), time.monotonic()
    workers_before = worker_cpu_seconds(pid)
    load_before = sum(os.times()[:2])
    result = closed_loop(
        DJANGO_PORT,
        requests,
        connections=4 * CLOSED_CONNECTIONS,
        seconds=seconds,
        stagger=TWO_WORKER_STAGGER,
    )
    elapsed = time.monotonic() - clock_before
    result["server_cpu_share"] = round((cpu_seconds(pid) - server_before) / elapsed, 2)
    result["worker_cpu_shares"] = sorted(
        round((spent - workers_before.get(worker, 0.0)) / elapsed, 2)
        for worker, spent in worker_cpu_seconds(pid).items()
    )
    result["load_cpu_share"] = round((sum(os.times()[:2]) - load_before) / elapsed, 2)
    return result


def _median(runs: list[dict[str, Any]], *keys: str) -> float | None:
    values = []
    for run in runs:
        value: Any = run
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            values.append(value)
    return round(statistics.median(values), 2) if values else None


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        **{
            name: version(name)
            for name in ("django", "psycopg", "uvicorn", "django-ninja", "channels-redis")
        },
    }


def _redis_version() -> str:
    try:
        import redis

        info = redis.Redis.from_url(REDIS_URL).info("server")
        return str(info.get("redis_version", "unknown"))
    except Exception:  # noqa: BLE001  (recorded, not needed)
        return "unknown"


def run_probe(
    env: dict[str, str], meta: dict[str, Any], module: str, sql_path: str
) -> dict[str, Any]:
    meta_path = Path(sql_path).with_suffix(".meta.json")
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    completed = subprocess.run(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", module, "--probe", str(meta_path), sql_path],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if completed.returncode != 0:
        raise SystemExit(f"probe failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def main() -> None:  # noqa: C901  (the benchmark's whole sequence, in order)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    forumgen.add_spec_arguments(parser)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--saturation-seconds", type=float, default=8.0)
    parser.add_argument("--open-seconds", type=float, default=12.0)
    parser.add_argument("--endpoints", default=",".join((*ENDPOINTS, *DIAGNOSTICS)))
    parser.add_argument("--probe", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.probe:
        meta = json.loads(Path(arguments.probe[0]).read_text(encoding="utf-8"))
        print(json.dumps(probe(meta, arguments.probe[1]), default=str))
        return

    started = time.monotonic()
    load_before = os.getloadavg()
    pinned = pin_to(1)
    spec = forumgen.spec_from(arguments)
    scratch = tempfile.mkdtemp(prefix="kinship-p1-")
    source = forumgen.snapshot_source(scratch)
    meta = forumgen.ensure(spec)
    forumgen.clone(WORK_DB)
    sql_path = str(Path(scratch) / "bare.json")
    secret_key, field_key = new_secrets()
    env = site_env(WORK_DB, scratch, secret_key, field_key)
    site = bare = None
    two_workers: dict[str, list[dict[str, Any]]] = {name: [] for name in ENDPOINTS}
    try:
        probed = run_probe(env, meta, "bench.p1", sql_path)
        endpoints = [
            name
            for name in arguments.endpoints.split(",")
            if name in (*ENDPOINTS, *DIAGNOSTICS) and probed["available"].get(name)
        ]
        missing = [name for name in ENDPOINTS if not probed["available"].get(name)]
        site = start_site(env, DJANGO_PORT)
        bare = start_bare(
            dict(env, BENCH_BARE_SQL=sql_path), BARE_PORT, "bench.p1:bare_application"
        )
        requests = {name: _requests(name, probed) for name in endpoints}
        for name in endpoints:  # warm both servers (templates, pools, caches)
            closed_loop(DJANGO_PORT, requests[name], connections=4, seconds=2)
            closed_loop(BARE_PORT, _bare_requests(name), connections=4, seconds=1)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in endpoints}
        bare_runs: dict[str, list[dict[str, Any]]] = {name: [] for name in endpoints}
        for _run in range(arguments.runs):
            for name in endpoints:
                measured = _measure(
                    DJANGO_PORT,
                    site.pid,
                    requests[name],
                    saturation_seconds=arguments.saturation_seconds,
                    open_seconds=arguments.open_seconds,
                )
                runs[name].append(measured)
                bare_runs[name].append(
                    _measure(
                        BARE_PORT,
                        bare.pid,
                        _bare_requests(name),
                        saturation_seconds=arguments.saturation_seconds / 2,
                        open_seconds=arguments.open_seconds / 2,
                        rate=measured["open"]["offered_per_second"],
                    )
                )
        # As deployed on a 2-core server: two workers, unpinned, sharing with the load.
        stop(site)
        site = start_site(env, DJANGO_PORT, workers=2)
        for name in ENDPOINTS:
            if name in requests:
                closed_loop(DJANGO_PORT, requests[name], connections=16, seconds=4)
        for _run in range(arguments.runs):
            for name in ENDPOINTS:
                if name in requests:
                    two_workers[name].append(
                        _two_core_saturation(site.pid, requests[name], arguments.saturation_seconds)
                    )
    finally:
        for process in (site, bare):
            if process is not None:
                stop(process)
        forumgen.drop(WORK_DB)
        shutil.rmtree(scratch, ignore_errors=True)

    results: dict[str, Any] = {}
    for name in endpoints:
        figures = {
            "saturation_per_second": _median(runs[name], "saturation", "per_second"),
            "open_loop_rate": _median(runs[name], "open", "offered_per_second"),
            "p50_ms": _median(runs[name], "open", "p50_ms"),
            "p99_ms": _median(runs[name], "open", "p99_ms"),
            "saturation_p50_ms": _median(runs[name], "saturation", "p50_ms"),
            "server_cpu_share_at_saturation": _median(runs[name], "saturation", "server_cpu_share"),
            "server_cpu_ms_per_request": _median(
                runs[name], "saturation", "server_cpu_ms_per_request"
            ),
            "database_cpu_ms_per_request": _median(
                runs[name], "saturation", "database_cpu_ms_per_request"
            ),
            "core0_busy_share_at_saturation": _median(runs[name], "saturation", "core0_busy_share"),
        }
        cpu_ms = (figures["server_cpu_ms_per_request"] or 0) + (
            figures["database_cpu_ms_per_request"] or 0
        )
        # What two cores could serve if they did nothing else (site and database CPU).
        figures["two_core_ceiling_per_second"] = round(2000 / cpu_ms, 1) if cpu_ms else None
        baseline = {
            "saturation_per_second": _median(bare_runs[name], "saturation", "per_second"),
            "p50_ms": _median(bare_runs[name], "open", "p50_ms"),
            "p99_ms": _median(bare_runs[name], "open", "p99_ms"),
            "server_cpu_ms_per_request": _median(
                bare_runs[name], "saturation", "server_cpu_ms_per_request"
            ),
            "database_cpu_ms_per_request": _median(
                bare_runs[name], "saturation", "database_cpu_ms_per_request"
            ),
        }
        queries = probed["queries"][name]
        results[name] = {
            **figures,
            "queries_per_request": queries["median"],
            "queries": {key: value for key, value in queries.items() if key != "sql"},
            "baseline_raw_sql": baseline,
            "ratio_p50": round(figures["p50_ms"] / baseline["p50_ms"], 2)
            if figures["p50_ms"] and baseline["p50_ms"]
            else None,
            "ratio_saturation": round(
                baseline["saturation_per_second"] / figures["saturation_per_second"], 2
            )
            if figures["saturation_per_second"] and baseline["saturation_per_second"]
            else None,
            "in_process": probed["costs_in_process"].get(name),
            "two_workers_unpinned": {
                "saturation_per_second": _median(two_workers.get(name, []), "per_second"),
                "server_cpu_share": _median(two_workers.get(name, []), "server_cpu_share"),
                "load_cpu_share": _median(two_workers.get(name, []), "load_cpu_share"),
                "per_run": two_workers.get(name, []),
            }
            if two_workers.get(name)
            else None,
            "per_run": runs[name],
            "baseline_per_run": bare_runs[name],
            "sql": queries["sql"],
        }
    diagnostics = {name: results.pop(name) for name in DIAGNOSTICS if name in results}
    checks = _checks(results, probed["queries"])
    passed = bool(results) and not missing and all(checks.values())
    load_after = os.getloadavg()
    document = {
        "benchmark": "P1",
        "workload": "thread page (20 posts: first or last full page of a thread with >= 20 "
        "visible posts) and latest-threads list (25 threads), HTML and JSON, signed-in "
        "member; saturation by a closed loop of 8 connections, p50/p99 by an open loop "
        "at half of saturation",
        "database": f"postgresql {forumgen.server_version()}",
        "redis": _redis_version(),
        "data_set": {"name": "S (forum part)", **meta["counts"], "seed": spec.seed},
        "data_set_reused": meta["reused"],
        "bars": BARS,
        "checks": checks,
        "passed": passed,
        "missing_endpoints": missing,
        "git_revision": source["git_revision"],
        "source": {
            **source,
            "note": "every Django process ran from a copy of src/ taken when the run began",
        },
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": arguments.runs,
        "seconds": {
            "saturation": arguments.saturation_seconds,
            "open_loop": arguments.open_seconds,
            "total": round(time.monotonic() - started, 1),
        },
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in load_after],
            "server_pinned_to_cpu0_load_to_cpu1": pinned,
        },
        "server": "kinship serve (uvicorn, 1 worker, --no-task-worker), KINSHIP_ENV=production, "
        "DEBUG off, KINSHIP_DB_POOL=true, REDIS_URL set; requests carry X-Forwarded-Proto: "
        "https as from the TLS proxy",
        "versions": versions(),
        "results": results,
        "diagnostics": diagnostics,
        "in_process_floor_healthz": probed["costs_in_process"]["healthz"],
        "query_plans": probed["plans"],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2, default=str) + "\n"
    # The benchmark's session keys (in a database dropped above) are of no use to a reader.
    text = re.sub(r"(session_key\\\"|\(session_key\)::text) = '[a-z0-9]+'", r"\1 = '...'", text)
    RESULTS.write_text(text, encoding="utf-8")
    summary = "; ".join(
        f"{name} {r['saturation_per_second']:.0f} req/s on 1 core"
        + (
            f" ({r['two_workers_unpinned']['saturation_per_second']:.0f} on 2)"
            if r.get("two_workers_unpinned")
            else ""
        )
        + f", p50 {r['p50_ms']:.1f} ms p99 {r['p99_ms']:.1f} ms at {r['open_loop_rate']:.0f}/s, "
        f"{r['queries_per_request']:g} q (raw SQL "
        f"{r['baseline_raw_sql']['saturation_per_second']:.0f} req/s, p50 x{r['ratio_p50']})"
        for name, r in results.items()
    )
    failed = [name for name, ok in checks.items() if not ok]
    print(
        f"P1 {'PASS' if passed else 'FAIL'} (postgresql, {meta['counts']['posts']} posts): "
        f"{summary}"
        + (f"; missed: {', '.join(failed)}" if failed else "")
        + (f"; not measured: {', '.join(missing)}" if missing else "")
    )


def _checks(results: dict[str, Any], queries: dict[str, Any]) -> dict[str, bool]:
    checks: dict[str, bool] = {}
    for name, result in results.items():
        checks[f"{name}_p50"] = (result["p50_ms"] or 1e9) <= BARS["p50_ms"]
        checks[f"{name}_p99"] = (result["p99_ms"] or 1e9) <= BARS["p99_ms"]
        checks[f"{name}_queries"] = queries[name]["max"] <= BARS["queries"]
        if name in LISTS:  # the bar is for a 2-core server
            two_cores = result.get("two_workers_unpinned") or {}
            checks[f"{name}_per_second_2_cores"] = (
                two_cores.get("saturation_per_second") or 0
            ) >= BARS["list_per_second"]
        if name.endswith("thread"):
            single = queries[name].get("single_post_page", {}).get("queries")
            checks[f"{name}_queries_constant"] = (
                single == queries[name]["max"] == queries[name]["min"]
            )
    return checks


if __name__ == "__main__":
    main()
