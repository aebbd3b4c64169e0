"""P2: post a reply through the real endpoint, at load; then kill the server mid-load.

    python -m bench.p2 [--runs 3] [--saturation-seconds 8] [--open-seconds 12] [--kill-runs 3]

On data set S's forum part (bench/forumgen.py; PostgreSQL, a working copy). The site runs
as in production (`kinship serve`: uvicorn, one worker, KINSHIP_ENV=production, DEBUG
off, pooled connections, Redis channel layer and cache) pinned to core 0; this process,
on core 1, sends `POST /api/v1/forums/threads/<id>/posts` with a personal token, a JSON
body and an `Idempotency-Key`. Each reply goes through the whole path: Markdown rendered
and sanitised, screened, saved with its audit row, the thread and board recounted, the
followers' task enqueued and the thread's live group told through Redis. Writers are
12,000 members with earlier visible posts (so under the posting limits); threads are
drawn in proportion to their size (busy threads get the replies); bodies are Markdown of
50-1,500 characters.

Per run: a closed loop of 8 connections gives saturation (posts/s); an open loop at a
fixed rate (100 posts/s, or half of saturation when that is lower) gives p50/p99, counted
from each request's due time. The same-run baseline is a bare ASGI app on the same core
that INSERTs the same post row (pre-rendered) through psycopg. The followers' tasks are
not run during the load; afterwards the task worker runs alone on core 0 for a while and
its rate is reported (notifications are the slow part of "notify", off the request path).

The durability run starts the site, sends replies at 70% of saturation, SIGKILLs the
uvicorn process mid-load, and checks that every reply answered 201 is in the database
under its idempotency key with the returned id (acknowledged, found, lost); then it starts
the site again and re-sends every unanswered request with its key, and checks that no
reply was stored twice. Writes bench/results/p2.json and prints one line.

The set-up runs in `bench/p2_setup.py` and the bare app is `bench/bare.py`; this module is
the parent, which starts them and the site, sends the load and writes the result.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import forumdb, forumgen
from bench.common import ROOT
from bench.load import (
    BIN,
    OpenLoop,
    build_request,
    closed_loop,
    core_busy_seconds,
    cpu_seconds,
    database_cpu_seconds,
    new_secrets,
    pin_to,
    run_async,
    site_env,
    start_bare,
    start_site,
    stop,
)
from bench.load import _pinned as pinned
from bench.p1 import CLOSED_CONNECTIONS, versions
from bench.p1 import _median as median_of
from bench.p1 import _redis_version as redis_version

RESULTS = ROOT / "bench" / "results" / "p2.json"
WORK_DB = "kinship_bench_forums_p2"
DJANGO_PORT = 8771
BARE_PORT = 8772
BARS = {"p99_ms": 100.0, "posts_per_second": 100.0, "lost": 0}
WORKER_SECONDS = 20.0


# --- set-up, in a Django process (bench/p2_setup.py) ----------------------------------------


def _run_setup(env: dict[str, str], meta: dict[str, Any], scratch: str) -> dict[str, Any]:
    meta_path = Path(scratch) / "meta.json"
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    completed = subprocess.run(  # noqa: S603  (our own interpreter and module)
        [sys.executable, "-m", "bench.p2_setup", str(meta_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if completed.returncode != 0:
        raise SystemExit(f"set-up failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


# --- the requests ----------------------------------------------------------------------------


class Replies:
    """Reply requests, each from the next writer with a fresh idempotency key."""

    def __init__(self, prepared: dict[str, Any], label: str) -> None:
        self.prepared = prepared
        self.label = label
        self.sent: dict[str, tuple[int, int]] = {}
        self.offset = 0

    def batch(self, count: int, *, tag: str) -> tuple[list[bytes], list[tuple[str, int]]]:
        """`count` requests (and their keys with writers), continuing the writer rotation."""
        writers = self.prepared["writers"]
        threads = self.prepared["threads"]
        bodies = self.prepared["bodies"]
        requests, keys = [], []
        for number in range(count):
            index = self.offset + number
            writer, secret = writers[index % len(writers)]
            key = f"{self.label}-{tag}-{number}"
            body = json.dumps({"body": bodies[index % len(bodies)]}).encode("utf-8")
            headers = {
                "Authorization": f"Bearer {secret}",
                "Content-Type": "application/json",
                "Idempotency-Key": key,
            }
            path = f"/api/v1/forums/threads/{threads[index % len(threads)]}/posts"
            requests.append(build_request("POST", path, headers, body))
            keys.append((key, writer))
        self.offset += count
        return requests, keys

    def bare_batch(self, count: int) -> list[bytes]:
        """Raw INSERTs of the same rows, all by one member who never posts through the site.

        (Rows by the writers would count against their posting limits.)
        """
        threads = self.prepared["threads"]
        requests = []
        for index in range(count):
            pick = index % len(self.prepared["bodies"])
            body = json.dumps(
                {
                    "body": self.prepared["bodies"][pick],
                    "body_html": self.prepared["rendered"][pick],
                    "author": self.prepared["baseline_author"],
                    "thread": threads[index % len(threads)],
                }
            ).encode("utf-8")
            requests.append(
                build_request("POST", "/reply", {"Content-Type": "application/json"}, body)
            )
        return requests


def _saturation(
    port: int,
    pid: int,
    requests: list[bytes],
    seconds: float,
    connections: int = CLOSED_CONNECTIONS,
) -> dict[str, Any]:
    database_before = database_cpu_seconds(WORK_DB)
    core_before = core_busy_seconds(0)
    cpu_before, clock_before = cpu_seconds(pid), time.monotonic()
    result = closed_loop(port, requests, connections=connections, seconds=seconds)
    result["core0_busy_share"] = round(
        (core_busy_seconds(0) - core_before) / (time.monotonic() - clock_before), 2
    )
    cpu_used = cpu_seconds(pid) - cpu_before
    result["database_cpu_ms_per_request"] = round(
        (database_cpu_seconds(WORK_DB) - database_before) * 1000 / max(1, result["requests"]), 2
    )
    result["server_cpu_share"] = round(cpu_used / (time.monotonic() - clock_before), 2)
    result["server_cpu_ms_per_request"] = round(cpu_used * 1000 / max(1, result["requests"]), 2)
    return result


def _open(
    port: int, pid: int, requests: list[bytes], rate: float, seconds: float
) -> dict[str, Any]:
    cpu_before, clock_before = cpu_seconds(pid), time.monotonic()
    result = dict(run_async(OpenLoop(port).run(requests, rate=rate, seconds=seconds)))
    result["server_cpu_share"] = round(
        (cpu_seconds(pid) - cpu_before) / (time.monotonic() - clock_before), 2
    )
    return result


# --- durability --------------------------------------------------------------------------


def _durability_run(
    env: dict[str, str],
    replies: Replies,
    *,
    number: int,
    rate: float,
    seconds: float,
    kill_after: float,
    database_url: str,
) -> dict[str, Any]:
    import psycopg

    requests, keys = replies.batch(int(rate * seconds), tag=f"kill{number}")
    site = start_site(env, DJANGO_PORT)
    answers: dict[int, tuple[int, int | None]] = {}
    killed_at: list[float] = []

    def on_response(index: int, status: int, body: bytes, _latency: float) -> None:
        post_id = None
        if status in (200, 201):
            post_id = int(json.loads(body)["post"]["id"])
        answers[index] = (status, post_id)

    def kill_when_due() -> bool:
        elapsed = time.monotonic() - started
        if not killed_at and elapsed >= kill_after:
            os.kill(site.pid, signal.SIGKILL)  # the uvicorn process itself, mid-request
            killed_at.append(elapsed)
        return bool(killed_at) and elapsed >= killed_at[0] + 1.0

    started = time.monotonic()
    loader = OpenLoop(DJANGO_PORT, timeout=5.0)
    summary = run_async(
        loader.run(
            requests,
            rate=rate,
            seconds=seconds,
            on_response=on_response,
            stop_after=kill_when_due,
        )
    )
    stop(site)

    acknowledged = {
        index: post_id
        for index, (status, post_id) in answers.items()
        if status == 201 and post_id is not None
    }
    with psycopg.connect(database_url) as connection:
        stored = dict(
            connection.execute(
                "SELECT k.key, k.post_id FROM forums_idempotencykey k "
                "JOIN forums_post p ON p.id = k.post_id WHERE k.key LIKE %s",
                [f"{replies.label}-kill{number}-%"],
            ).fetchall()
        )
    found = sum(
        1 for index, post_id in acknowledged.items() if stored.get(keys[index][0]) == post_id
    )
    unanswered = [index for index in range(summary["sent"]) if answers.get(index, (0,))[0] != 201]
    committed_unacknowledged = sum(1 for index in unanswered if keys[index][0] in stored)

    # Start again and send every unanswered request once more, with its own key.
    site = start_site(env, DJANGO_PORT)
    retried: dict[int, tuple[int, int | None]] = {}

    def on_retry(index: int, status: int, body: bytes, _latency: float) -> None:
        post_id = int(json.loads(body)["post"]["id"]) if status in (200, 201) else None
        retried[unanswered[index]] = (status, post_id)

    if unanswered:
        run_async(
            OpenLoop(DJANGO_PORT).run(
                [requests[index] for index in unanswered],
                rate=min(rate, 50.0),
                seconds=len(unanswered) / min(rate, 50.0),
                on_response=on_retry,
            )
        )
    stop(site)
    with psycopg.connect(database_url) as connection:
        per_key = connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT k.key), COUNT(DISTINCT k.post_id) "
            "FROM forums_idempotencykey k WHERE k.key LIKE %s",
            [f"{replies.label}-kill{number}-%"],
        ).fetchone()
        posts_in_run = connection.execute(
            "SELECT COUNT(*) FROM forums_post p WHERE p.id IN (SELECT post_id FROM "
            "forums_idempotencykey WHERE key LIKE %s)",
            [f"{replies.label}-kill{number}-%"],
        ).fetchone()[0]
    retried_statuses: dict[str, int] = {}
    for status, _post_id in retried.values():
        retried_statuses[str(status)] = retried_statuses.get(str(status), 0) + 1
    return {
        "offered_per_second": rate,
        "sent": summary["sent"],
        "killed_after_seconds": round(killed_at[0], 2) if killed_at else None,
        "acknowledged": len(acknowledged),
        "found": found,
        "lost": len(acknowledged) - found,
        "unanswered": len(unanswered),
        "committed_but_unanswered": committed_unacknowledged,
        "retried": len(retried),
        "retried_statuses": retried_statuses,
        "retry_returned_earlier_post": sum(
            1
            for index, (status, post_id) in retried.items()
            if status == 200 and stored.get(keys[index][0]) == post_id
        ),
        "keys_stored": per_key[0],
        "posts_stored": posts_in_run,
        "duplicates": per_key[0] - per_key[1] + (per_key[0] - per_key[2]),
    }


# --- the task worker alone ---------------------------------------------------------------


def _drain_worker(env: dict[str, str], database_url: str, seconds: float) -> dict[str, Any]:
    """Run the task worker alone on core 0 for `seconds`: how fast followers are told."""
    import psycopg

    query = (
        "SELECT COUNT(*) FILTER (WHERE status = 'READY'), "
        "COUNT(*) FILTER (WHERE status = 'SUCCESSFUL'), "
        "COUNT(*) FILTER (WHERE status = 'FAILED'), "
        "(SELECT COUNT(*) FROM notifications_notification) "
        "FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s"
    )
    pattern = "%tell_followers%"
    with psycopg.connect(database_url) as connection:
        before = connection.execute(query, [pattern]).fetchone()
    command = pinned([str(BIN / "kinship"), "db_worker", "--queue-name", "*"])
    worker = subprocess.Popen(  # noqa: S603  (our own command)
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    cpu_before = 0.0
    time.sleep(seconds)
    cpu = cpu_seconds(worker.pid) - cpu_before
    stop(worker)
    with psycopg.connect(database_url) as connection:
        after = connection.execute(query, [pattern]).fetchone()
    done = after[1] - before[1]
    return {
        "seconds": seconds,
        "waiting_before": before[0],
        "tasks_done": done,
        "tasks_failed": after[2] - before[2],
        "tasks_per_second": round(done / seconds, 1),
        "notifications_made": after[3] - before[3],
        "notifications_per_second": round((after[3] - before[3]) / seconds, 1),
        "waiting_after": after[0],
        "worker_cpu_seconds": round(cpu, 1),
    }


# --- the parent ------------------------------------------------------------------------------


def main() -> None:  # noqa: C901  (the benchmark's whole sequence, in order)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    forumgen.add_spec_arguments(parser)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--saturation-seconds", type=float, default=8.0)
    parser.add_argument("--open-seconds", type=float, default=12.0)
    parser.add_argument("--rate", type=float, default=BARS["posts_per_second"])
    parser.add_argument("--kill-runs", type=int, default=3)
    arguments = parser.parse_args()

    started = time.monotonic()
    load_before = os.getloadavg()
    is_pinned = pin_to(1)
    spec = forumgen.spec_from(arguments)
    scratch = tempfile.mkdtemp(prefix="kinship-p2-")
    source = forumdb.snapshot_source(scratch)
    meta = forumgen.ensure(spec)
    database_url = forumdb.clone(WORK_DB)
    secret_key, field_key = new_secrets()
    env = site_env(WORK_DB, scratch, secret_key, field_key)
    label = f"p2{int(time.time())}"
    site = bare = None
    runs: list[dict[str, Any]] = []
    bare_runs: list[dict[str, Any]] = []
    durability: list[dict[str, Any]] = []
    two_workers: list[dict[str, Any]] = []
    try:
        prepared = _run_setup(env, meta, scratch)
        replies = Replies(prepared, label)
        site = start_site(env, DJANGO_PORT)
        bare = start_bare(env, BARE_PORT, "bench.bare:bare_application")
        warm, _keys = replies.batch(200, tag="warm")
        closed_loop(DJANGO_PORT, warm, connections=4, seconds=3)
        closed_loop(BARE_PORT, replies.bare_batch(200), connections=4, seconds=1)
        for run in range(arguments.runs):
            seconds = arguments.saturation_seconds
            requests, _keys = replies.batch(int(seconds * 600), tag=f"sat{run}")
            saturation = _saturation(DJANGO_PORT, site.pid, requests, seconds)
            rate = arguments.rate
            if saturation["per_second"] < rate * 1.25:
                rate = max(1.0, round(saturation["per_second"] / 2, 1))
            requests, _keys = replies.batch(
                int(rate * arguments.open_seconds) + 10, tag=f"open{run}"
            )
            opened = _open(DJANGO_PORT, site.pid, requests, rate, arguments.open_seconds)
            runs.append({"saturation": saturation, "open": opened})
            bare_saturation = _saturation(
                BARE_PORT, bare.pid, replies.bare_batch(int(seconds * 3000)), seconds / 2
            )
            bare_open = _open(
                BARE_PORT,
                bare.pid,
                replies.bare_batch(int(rate * arguments.open_seconds) + 10),
                rate,
                arguments.open_seconds / 2,
            )
            bare_runs.append({"saturation": bare_saturation, "open": bare_open})
        # As deployed on a 2-core server: two workers, unpinned, sharing with the load.
        stop(site)
        site = start_site(env, DJANGO_PORT, workers=2)
        warm, _keys = replies.batch(400, tag="warm2")
        closed_loop(DJANGO_PORT, warm, connections=16, seconds=4)
        for run in range(arguments.runs):
            seconds = arguments.saturation_seconds
            requests, _keys = replies.batch(int(seconds * 600), tag=f"two{run}")
            own_cpu_before, clock_before = sum(os.times()[:2]), time.monotonic()
            result = _saturation(DJANGO_PORT, site.pid, requests, seconds, connections=16)
            result["load_cpu_share"] = round(
                (sum(os.times()[:2]) - own_cpu_before) / (time.monotonic() - clock_before), 2
            )
            two_workers.append(result)
        stop(site)
        site = None
        stop(bare)
        bare = None
        worker = _drain_worker(env, database_url, WORKER_SECONDS)
        saturation_median = median_of(runs, "saturation", "per_second") or 1.0
        for number in range(arguments.kill_runs):
            durability.append(
                _durability_run(
                    env,
                    replies,
                    number=number,
                    rate=max(1.0, round(saturation_median * 0.7, 1)),
                    seconds=12.0,
                    kill_after=4.0 + 1.5 * number,
                    database_url=database_url,
                )
            )
    finally:
        for process in (site, bare):
            if process is not None:
                stop(process)
        forumdb.drop(WORK_DB)
        shutil.rmtree(scratch, ignore_errors=True)

    figures = {
        "saturation_posts_per_second": median_of(runs, "saturation", "per_second"),
        "open_loop_rate": median_of(runs, "open", "offered_per_second"),
        "open_loop_achieved_per_second": median_of(runs, "open", "per_second"),
        "p50_ms": median_of(runs, "open", "p50_ms"),
        "p99_ms": median_of(runs, "open", "p99_ms"),
        "server_cpu_share_at_saturation": median_of(runs, "saturation", "server_cpu_share"),
        "server_cpu_ms_per_post": median_of(runs, "saturation", "server_cpu_ms_per_request"),
        "database_cpu_ms_per_post": median_of(runs, "saturation", "database_cpu_ms_per_request"),
        "core0_busy_share_at_saturation": median_of(runs, "saturation", "core0_busy_share"),
    }
    baseline = {
        "saturation_posts_per_second": median_of(bare_runs, "saturation", "per_second"),
        "p50_ms": median_of(bare_runs, "open", "p50_ms"),
        "p99_ms": median_of(bare_runs, "open", "p99_ms"),
        "server_cpu_ms_per_post": median_of(bare_runs, "saturation", "server_cpu_ms_per_request"),
        "database_cpu_ms_per_post": median_of(
            bare_runs, "saturation", "database_cpu_ms_per_request"
        ),
    }
    errors = sum(
        run[phase]["requests"] - run[phase]["ok"]
        for run in runs
        for phase in ("saturation", "open")
    )
    lost = sum(run["lost"] for run in durability)
    acknowledged = sum(run["acknowledged"] for run in durability)
    checks = {
        "p99": (figures["p99_ms"] or 1e9) <= BARS["p99_ms"],
        "posts_per_second": (figures["saturation_posts_per_second"] or 0)
        >= BARS["posts_per_second"],
        "no_acknowledged_reply_lost": bool(durability) and lost == 0,
        "no_duplicates_after_retry": all(run["duplicates"] == 0 for run in durability),
    }
    passed = all(checks.values())
    document = {
        "benchmark": "P2",
        "workload": "reply through POST /api/v1/forums/threads/<id>/posts (token, JSON body, "
        "Idempotency-Key): render, sanitise, screen, save, audit, recount, enqueue the "
        "followers' task, announce over the Redis channel layer; threads drawn in proportion "
        "to their size",
        "database": f"postgresql {forumdb.server_version()}",
        "redis": redis_version(),
        "data_set": {"name": "S (forum part)", **meta["counts"], "seed": spec.seed},
        "data_set_reused": meta["reused"],
        "bars": BARS,
        "checks": checks,
        "passed": passed,
        "git_revision": source["git_revision"],
        "source": {
            **source,
            "note": "every Django process ran from a copy of src/ taken when the run began",
        },
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": arguments.runs,
        "seconds_total": round(time.monotonic() - started, 1),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "load_average_before": [round(value, 2) for value in load_before],
            "load_average_after": [round(value, 2) for value in os.getloadavg()],
            "server_pinned_to_cpu0_load_to_cpu1": is_pinned,
        },
        "server": "kinship serve (uvicorn, 1 worker, --no-task-worker during the load), "
        "KINSHIP_ENV=production, DEBUG off, KINSHIP_DB_POOL=true, REDIS_URL set",
        "versions": versions(),
        "results": {
            **figures,
            "non_2xx_during_load": errors,
            "baseline_raw_insert": baseline,
            "ratio_p50": round(figures["p50_ms"] / baseline["p50_ms"], 2)
            if figures["p50_ms"] and baseline["p50_ms"]
            else None,
            "ratio_saturation": round(
                baseline["saturation_posts_per_second"] / figures["saturation_posts_per_second"], 2
            )
            if figures["saturation_posts_per_second"] and baseline["saturation_posts_per_second"]
            else None,
            "one_reply_in_process": prepared["probes"],
            "in_process": prepared["costs_in_process"],
            "task_worker_alone": worker,
            "two_workers_unpinned": {
                "saturation_posts_per_second": median_of(two_workers, "per_second"),
                "p50_ms_at_saturation": median_of(two_workers, "p50_ms"),
                "server_cpu_share": median_of(two_workers, "server_cpu_share"),
                "load_cpu_share": median_of(two_workers, "load_cpu_share"),
                "per_run": two_workers,
            },
            "per_run": runs,
            "baseline_per_run": bare_runs,
        },
        "durability": {
            "acknowledged": acknowledged,
            "found": sum(run["found"] for run in durability),
            "lost": lost,
            "runs": durability,
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    failed = [name for name, ok in checks.items() if not ok]
    print(
        f"P2 {'PASS' if passed else 'FAIL'} (postgresql, {meta['counts']['posts']} posts): "
        f"{figures['saturation_posts_per_second']:.0f} posts/s saturated on 1 core "
        f"({document['results']['two_workers_unpinned']['saturation_posts_per_second'] or 0:.0f} "
        "with 2 workers on 2) "
        f"(raw INSERT {baseline['saturation_posts_per_second']:.0f}/s); at "
        f"{figures['open_loop_rate']:.0f}/s p50 {figures['p50_ms']:.1f} ms p99 "
        f"{figures['p99_ms']:.1f} ms (raw p50 x{document['results']['ratio_p50']}); "
        f"kill -9 mid-load: {acknowledged} acknowledged, "
        f"{document['durability']['found']} found, {lost} lost"
        + (f"; missed: {', '.join(failed)}" if failed else "")
    )


if __name__ == "__main__":
    main()
