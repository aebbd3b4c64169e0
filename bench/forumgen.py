"""Data set S's forum part on PostgreSQL: seeded, COPY-loaded, and kept between runs.

    python -m bench.forumgen [--seed 1] [--members 50000] [--threads 10000] [--posts 500000]

50k members (bulk rows; only the benchmark's readers have a real password hash), 20 boards
(four of them belong to directory groups), 10k threads and 500k posts. Thread sizes are
skewed (lognormal: most threads short, a few thousand posts long); post ids follow time,
so one thread's posts are spread over the table as they would be. Bodies are Markdown of
50-1,500 characters drawn from a pool of distinct texts, each rendered once by
`kinship.forums.rendering.render_markdown`. A share of posts is held, hidden or deleted;
reactions, follows (every poster follows the thread, as `actions.reply` does), board
follows and read markers are filled; thread and board counters agree with the posts.

The data set lives in the database `kinship_bench_forums`, with a marker row that records
the generator version and the sizes. A run whose marker matches only applies new
migrations; otherwise the database is dropped and loaded again (about two minutes).
Benchmarks never touch it directly: `forumdb.clone()` makes a working copy
(`CREATE DATABASE ... TEMPLATE`, a file copy) that they change and drop.

This module holds the marker, the worker that checks or loads the data set in a Django
process, `ensure` (which runs that worker) and the command line. The rows themselves are
made in `bench.forumdata`, their words in `bench.forumtext`; the databases and the Django
processes' environment are `bench.forumdb`'s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import forumdb
from bench.common import ROOT
from bench.forumdata import Spec, generate

GENERATOR_VERSION = 4
MARKER_TABLE = "bench_forumgen_marker"


# --- the marker and the worker, in the data set's database -------------------------------


def _marker(spec: Spec) -> dict[str, Any]:
    return {"version": GENERATOR_VERSION, **asdict(spec)}


def _read_marker() -> dict[str, Any] | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT to_jsonb(m) FROM {MARKER_TABLE} m")  # noqa: S608  (fixed name)
        row = cursor.fetchone()
    if row is None:
        return None
    found = row[0] if isinstance(row[0], dict) else json.loads(row[0])
    return {
        "spec": found.get("spec"),
        "meta": found.get("meta"),
        "migrations": found.get("migrations") or {"(none recorded)": ""},
    }


def _migration_digests() -> dict[str, str]:
    """A digest of each of Kinship's migration files, to notice one edited after it ran."""
    import hashlib

    import kinship

    base = Path(kinship.__file__).parent
    return {
        str(path.relative_to(base)): hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        for path in sorted(base.glob("*/migrations/*.py"))
    }


def _update_migrations(digests: dict[str, str]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MARKER_TABLE} SET migrations = %s",  # noqa: S608  (fixed name)
            [json.dumps(digests)],
        )


def _write_marker(spec: Spec, meta: dict[str, Any]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} "
            "(spec jsonb NOT NULL, meta jsonb NOT NULL, migrations jsonb NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, %s, %s)",  # noqa: S608  (fixed name)
            [json.dumps(_marker(spec)), json.dumps(meta), json.dumps(_migration_digests())],
        )


def worker(spec: Spec) -> dict[str, Any]:
    """In the data set's database: migrate, then load unless the marker matches."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    found = _read_marker()
    if found is not None and found["spec"] == _marker(spec):
        # New migrations have just been applied; one edited after it ran here cannot be,
        # so the data set is made again.
        digests = _migration_digests()
        edited = [name for name, value in found["migrations"].items() if digests.get(name) != value]
        if not edited:
            _update_migrations(digests)
            return {**found["meta"], "reused": True}
        print(f"migrations edited since the data set was made: {edited}", file=sys.stderr)
    if found is not None or _has_rows():
        raise SystemExit("REGENERATE")
    started = time.perf_counter()
    meta = generate(spec)
    meta["generated_in_seconds"] = round(time.perf_counter() - started, 1)
    meta["generated_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    _write_marker(spec, meta)
    return {**meta, "reused": False}


def _has_rows() -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM accounts_user)")
        return bool(cursor.fetchone()[0])


# --- the parent -----------------------------------------------------------------------


def ensure(spec: Spec, *, fresh: bool = False) -> dict[str, Any]:
    """The data set's description, generating it first when missing or different."""
    if fresh or not forumdb.exists(forumdb.DATASET_DB):
        forumdb.recreate(forumdb.DATASET_DB)
    command = [sys.executable, "-m", "bench.forumgen", "--worker", *_spec_arguments(spec)]
    for attempt in range(2):
        with tempfile.TemporaryDirectory(prefix="kinship-forumgen-") as data_dir:
            completed = subprocess.run(  # noqa: S603  (our own interpreter and module)
                command,
                cwd=ROOT,
                env=forumdb.django_env(forumdb.DATASET_DB, KINSHIP_DATA_DIR=data_dir),
                capture_output=True,
                text=True,
                timeout=3600,
            )
        if "REGENERATE" in completed.stderr and attempt == 0:
            forumdb.recreate(forumdb.DATASET_DB)
            continue
        if completed.returncode != 0:
            raise SystemExit(f"forumgen failed:\n{completed.stderr[-4000:]}")
        break
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _spec_arguments(spec: Spec) -> list[str]:
    return [
        "--seed",
        str(spec.seed),
        "--members",
        str(spec.members),
        "--threads",
        str(spec.threads),
        "--posts",
        str(spec.posts),
    ]


def add_spec_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=Spec.seed)
    parser.add_argument("--members", type=int, default=Spec.members)
    parser.add_argument("--threads", type=int, default=Spec.threads)
    parser.add_argument("--posts", type=int, default=Spec.posts)


def spec_from(arguments: argparse.Namespace) -> Spec:
    return Spec(
        seed=arguments.seed,
        members=arguments.members,
        threads=arguments.threads,
        posts=arguments.posts,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_spec_arguments(parser)
    parser.add_argument("--fresh", action="store_true", help="drop and generate again")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    spec = spec_from(arguments)
    if arguments.worker:
        print(json.dumps(worker(spec), default=str))
        return
    started = time.perf_counter()
    meta = ensure(spec, fresh=arguments.fresh)
    print(
        f"forum data set in {forumdb.DATASET_DB}: {json.dumps(meta['counts'])} "
        f"({'reused' if meta['reused'] else 'generated'} in "
        f"{time.perf_counter() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()
