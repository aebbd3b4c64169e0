"""The PostgreSQL server of the forum benchmarks, and the environment of their Django processes.

The kept data set lives in `DATASET_DB`; a benchmark works on `clone()`, a file copy of it
that it drops when done. `snapshot_source` copies `src/` once per run and `django_env`
points every Django process of the run (site, probe, task worker, generator) at that copy
and at one database.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from bench.common import ROOT

DATASET_DB = os.environ.get("FORUMS_BENCH_DATABASE", "kinship_bench_forums")
POSTGRES_SERVER = os.environ.get("FORUMS_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _admin() -> Any:
    import psycopg

    return psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True)


def database_url(name: str) -> str:
    return f"{POSTGRES_SERVER}/{name}"


_source = {"path": ROOT / "src"}


def snapshot_source(scratch: str) -> dict[str, str]:
    """Copy `src/` and run every Django process of this benchmark from the copy.

    Others edit the checkout while benchmarks run; the copy keeps one run on one version
    of the code. Returns the revision and a digest of the copied files.
    """
    import hashlib
    import shutil

    from bench.common import git_revision

    revision = git_revision()
    target = Path(scratch) / "src"
    shutil.copytree(ROOT / "src", target, ignore=shutil.ignore_patterns("__pycache__"))
    digest = hashlib.sha256()
    for path in sorted(target.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(target)).encode())
            digest.update(path.read_bytes())
    _source["path"] = target
    return {"git_revision": revision, "src_sha256": digest.hexdigest()[:16]}


def django_env(database: str, **extra: str) -> dict[str, str]:
    """The environment for a Django process on `database` (settings, paths, data folder)."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="kinship.config.settings")
    env["PYTHONPATH"] = os.pathsep.join(
        [str(_source["path"]), str(ROOT), env.get("PYTHONPATH", "")]
    )
    env["DATABASE_URL"] = database_url(database)
    env.update(extra)
    return env


def exists(name: str) -> bool:
    with _admin() as admin:
        found = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return found is not None


def recreate(name: str) -> None:
    """Drop the database `name` if it is there and create it again, empty."""
    with _admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")


def clone(name: str) -> str:
    """A working copy of the data set (a file copy of the database); returns its URL."""
    with _admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {DATASET_DB} STRATEGY FILE_COPY")
    return database_url(name)


def drop(name: str) -> None:
    with _admin() as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def server_version() -> str:
    with _admin() as admin:
        return str(admin.execute("SHOW server_version").fetchone()[0])
