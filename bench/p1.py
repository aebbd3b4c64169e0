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

The probe is `bench/p1_probe.py` and the bare app `bench/bare.py`; this module is the
parent, which starts them and the site, sends the load and writes the result.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
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


# --- the parent ------------------------------------------------------------------------------


def request_path(endpoint: str, thread_id: int = 0, page: int = 1) -> str:
    """The path of one request to `endpoint` (the probe and the load ask for the same)."""
    if endpoint.startswith("html_thread"):
        return f"/forums/t/{thread_id}/?page={page}"
    if endpoint == "json_thread":
        return f"/api/v1/forums/threads/{thread_id}?page={page}"
    if endpoint == "html_latest":
        return "/forums/latest/"
    return "/api/v1/forums/threads"


def _requests(endpoint: str, probed: dict[str, Any]) -> list[bytes]:
    requests = []
    for row in probed["plan"][endpoint]:
        if endpoint.startswith("html"):
            headers = {"Cookie": f"sessionid={probed['sessions'][row['reader']]}"}
        else:
            headers = {"Authorization": f"Bearer {probed['tokens'][row['reader']]}"}
        requests.append(
            build_request("GET", request_path(endpoint, row["thread"], row["page"]), headers)
        )
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
        [sys.executable, "-m", module, str(meta_path), sql_path],
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
    arguments = parser.parse_args()

    started = time.monotonic()
    load_before = os.getloadavg()
    pinned = pin_to(1)
    spec = forumgen.spec_from(arguments)
    scratch = tempfile.mkdtemp(prefix="kinship-p1-")
    source = forumdb.snapshot_source(scratch)
    meta = forumgen.ensure(spec)
    forumdb.clone(WORK_DB)
    sql_path = str(Path(scratch) / "bare.json")
    secret_key, field_key = new_secrets()
    env = site_env(WORK_DB, scratch, secret_key, field_key)
    site = bare = None
    two_workers: dict[str, list[dict[str, Any]]] = {name: [] for name in ENDPOINTS}
    try:
        probed = run_probe(env, meta, "bench.p1_probe", sql_path)
        endpoints = [
            name
            for name in arguments.endpoints.split(",")
            if name in (*ENDPOINTS, *DIAGNOSTICS) and probed["available"].get(name)
        ]
        missing = [name for name in ENDPOINTS if not probed["available"].get(name)]
        site = start_site(env, DJANGO_PORT)
        bare = start_bare(
            dict(env, BENCH_BARE_SQL=sql_path), BARE_PORT, "bench.bare:bare_application"
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
        forumdb.drop(WORK_DB)
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
        "database": f"postgresql {forumdb.server_version()}",
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
