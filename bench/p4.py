"""P4: import an 86,000-meeting feed, re-import it with 1% changed, then once more unchanged.

Bars (/work/shared/BENCHMARKS.md): first import <= 60 s, re-import <= 15 s, idempotent.
Each run is a fresh process on a fresh database (PostgreSQL: a database this benchmark
creates and drops; SQLite: a temporary file), pinned to one core where there are two.
The same-run baseline reads the same JSON and COPYs the records into a staging table
(PostgreSQL) or inserts them with executemany (SQLite); the ratio is import / baseline.

    python -m bench.p4 [--runs 3] [--records 86000] [--databases postgres,sqlite]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import feedgen
from bench.common import ROOT, git_revision

RESULTS = ROOT / "bench" / "results" / "p4.json"
POSTGRES_SERVER = os.environ.get("P4_POSTGRES", "postgres://postgres@127.0.0.1:5432")
BARS = {"first_import_s": 60.0, "reimport_s": 15.0}
STAGING_COLUMNS = (
    "slug",
    "name",
    "day",
    "time",
    "end_time",
    "timezone",
    "formatted_address",
    "latitude",
    "longitude",
    "types",
    "conference_url",
    "conference_phone",
    "notes",
    "updated",
    "record",
)


def _staging_row(record: dict[str, Any]) -> tuple[str | None, ...]:
    def text(value: Any) -> str | None:
        if value is None:
            return None
        return value if isinstance(value, str) else json.dumps(value)

    values = [text(record.get(column)) for column in STAGING_COLUMNS[:-1]]
    return (*values, json.dumps(record, ensure_ascii=False))


def _baseline_postgres(database_url: str, feed_path: Path) -> float:
    import psycopg

    started = time.perf_counter()
    records = json.loads(feed_path.read_text(encoding="utf-8"))
    with psycopg.connect(database_url) as connection, connection.cursor() as cursor:
        columns = ", ".join(f"{name} text" for name in STAGING_COLUMNS[:-1])
        cursor.execute(f"CREATE UNLOGGED TABLE p4_staging ({columns}, record jsonb)")
        with cursor.copy(f"COPY p4_staging ({', '.join(STAGING_COLUMNS)}) FROM STDIN") as copy:
            for record in records:
                copy.write_row(_staging_row(record))
        connection.commit()
    return time.perf_counter() - started


def _baseline_sqlite(path: Path, feed_path: Path) -> float:
    import sqlite3

    started = time.perf_counter()
    records = json.loads(feed_path.read_text(encoding="utf-8"))
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(f"CREATE TABLE p4_staging ({', '.join(STAGING_COLUMNS)})")
        placeholders = ", ".join("?" for _ in STAGING_COLUMNS)
        connection.executemany(
            f"INSERT INTO p4_staging VALUES ({placeholders})",  # noqa: S608  (fixed columns)
            (_staging_row(record) for record in records),
        )
    connection.close()
    return time.perf_counter() - started


def worker(database: str, feed_path: Path, changed_path: Path, changed: int) -> dict[str, Any]:
    """One run in this process: migrate a fresh database, import three times, baseline."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})
    data_dir = Path(tempfile.mkdtemp(prefix="kinship-p4-"))
    os.environ["KINSHIP_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kinship.config.settings"
    database_name = f"kinship_p4_{os.getpid()}"
    if database == "postgres":
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {database_name}")
            admin.execute(f"CREATE DATABASE {database_name}")
        os.environ["DATABASE_URL"] = f"{POSTGRES_SERVER}/{database_name}"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'p4.sqlite3'}"
    try:
        return _measure(database, feed_path, changed_path, changed, data_dir)
    finally:
        if database == "postgres":
            from django.db import connections

            connections.close_all()
            with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {database_name}")


def _measure(
    database: str, feed_path: Path, changed_path: Path, changed: int, data_dir: Path
) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kinship.directory.feeds.importer import import_feed

    call_command("migrate", verbosity=0)
    options: dict[str, Any] = {
        "source_name": "national",
        "timezone": "America/New_York",
        "max_bytes": 1 << 30,
    }

    started = time.perf_counter()
    first = import_feed(location=str(feed_path), **options)
    first_seconds = time.perf_counter() - started
    rss_after_first = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    started = time.perf_counter()
    second = import_feed(location=str(changed_path), **options)
    reimport_seconds = time.perf_counter() - started

    started = time.perf_counter()
    third = import_feed(location=str(changed_path), **options)
    idempotent_seconds = time.perf_counter() - started
    peak_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    if database == "postgres":
        server_version = str(getattr(connection, "pg_version", ""))
        baseline = _baseline_postgres(os.environ["DATABASE_URL"], feed_path)
    else:
        import sqlite3

        server_version = sqlite3.sqlite_version
        baseline = _baseline_sqlite(data_dir / "baseline.sqlite3", feed_path)
    return {
        "database": database,
        "server_version": server_version,
        "meetings": first.meetings,
        "first": first.counts(),
        "second": second.counts(),
        "third": third.counts(),
        "changed_records": changed,
        "first_import_s": round(first_seconds, 2),
        "reimport_s": round(reimport_seconds, 2),
        "idempotent_import_s": round(idempotent_seconds, 2),
        "baseline_s": round(baseline, 2),
        "ratio_first_to_baseline": round(first_seconds / baseline, 2),
        "peak_rss_mb": round(peak_rss_kb / 1024, 1),
        "rss_after_first_mb": round(rss_after_first / 1024, 1),
        "idempotent": third.added == third.updated == third.removed == 0,
    }


def _versions() -> dict[str, str]:
    import django
    import psycopg

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "psycopg": psycopg.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
    }


def _summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    summary: dict[str, Any] = {"runs": len(runs)}
    for key in (
        "first_import_s",
        "reimport_s",
        "idempotent_import_s",
        "baseline_s",
        "ratio_first_to_baseline",
        "peak_rss_mb",
    ):
        summary[f"median_{key}"] = round(statistics.median(run[key] for run in runs), 2)
    summary["idempotent"] = all(run["idempotent"] for run in runs)
    summary["meets_bars"] = summary["idempotent"] and all(
        summary[f"median_{key}"] <= bar for key, bar in BARS.items()
    )
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--records", type=int, default=feedgen.DEFAULT_RECORDS)
    parser.add_argument("--databases", default="postgres,sqlite")
    parser.add_argument("--worker", nargs=4, metavar=("DB", "FEED", "CHANGED", "COUNT"))
    options = parser.parse_args(argv)

    if options.worker:
        database, feed, changed_feed, count = options.worker
        result = worker(database, Path(feed), Path(changed_feed), int(count))
        print(json.dumps(result))
        return 0

    with tempfile.TemporaryDirectory(prefix="kinship-p4-feed-") as folder:
        feed = feedgen.build_feed(options.records)
        feed_path = Path(folder) / "national.json"
        feed_bytes = feedgen.write_feed(feed, feed_path)
        changed, changed_count = feedgen.change_some(feed)
        changed_path = Path(folder) / "national-changed.json"
        feedgen.write_feed(changed, changed_path)
        del feed, changed

        results: dict[str, Any] = {}
        for database in options.databases.split(","):
            runs = []
            for number in range(1, options.runs + 1):
                completed = subprocess.run(  # noqa: S603  (our own interpreter and module)
                    [
                        sys.executable,
                        "-m",
                        "bench.p4",
                        "--worker",
                        database,
                        str(feed_path),
                        str(changed_path),
                        str(changed_count),
                    ],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if completed.returncode != 0:
                    print(completed.stderr, file=sys.stderr)
                    return 1
                run = json.loads(completed.stdout.strip().splitlines()[-1])
                print(
                    f"  {database} run {number}: first {run['first_import_s']} s, "
                    f"re-import {run['reimport_s']} s, unchanged {run['idempotent_import_s']} s, "
                    f"baseline {run['baseline_s']} s, peak RSS {run['peak_rss_mb']} MB",
                    file=sys.stderr,
                )
                runs.append(run)
            results[database] = {"summary": _summarise(runs), "each_run": runs}

    document = {
        "benchmark": "P4",
        "workload": "import an 86k-meeting feed, re-import with 1% changed, import unchanged",
        "bars": {**BARS, "idempotent": True},
        "data": {
            "records": options.records,
            "feed_bytes": feed_bytes,
            "changed_records": changed_count,
            "made_from": "13 real feeds in ../shared/meeting-feeds/real, replicated and jittered",
        },
        "git_revision": git_revision(),
        "versions": _versions(),
        "results": results,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    parts = []
    for database, result in results.items():
        summary = result["summary"]
        parts.append(
            f"{database}: first {summary['median_first_import_s']} s, "
            f"re-import {summary['median_reimport_s']} s, "
            f"{summary['median_ratio_first_to_baseline']}x baseline, "
            f"RSS {summary['median_peak_rss_mb']} MB, "
            f"{'meets bars' if summary['meets_bars'] else 'MISSES bars'}"
        )
    print(f"P4 ({options.records:,} records, median of {options.runs}): " + "; ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
