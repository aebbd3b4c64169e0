"""Load and servers for the forum benchmarks (P1, P2): raw HTTP/1.1 closed and open loops
on keep-alive connections, starting, pinning and stopping the site and a bare ASGI app,
and the CPU the server, its workers, a core and PostgreSQL spent."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from base64 import urlsafe_b64encode
from collections import Counter, deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench import forumdb
from bench.common import ROOT, percentile

REDIS_URL = os.environ.get("FORUMS_BENCH_REDIS", "redis://127.0.0.1:6379/15")
HOST = "127.0.0.1"
KEEP_ALIVE_SECONDS = 4.0
BIN = Path(sys.executable).parent


# --- load: raw HTTP/1.1 over keep-alive connections, on uvloop ---------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection; `send` returns the status and the body."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.last_used = time.monotonic()

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def send(self, request: bytes) -> tuple[int, bytes]:
        self.last_used = time.monotonic()
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        marker = lower.find(b"\r\ncontent-length:")
        if marker >= 0:
            end = lower.index(b"\r\n", marker + 2)
            length = int(lower[marker + 17 : end])
            body = await self.reader.readexactly(length) if length else b""
        elif b"transfer-encoding: chunked" in lower:
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                chunks.append(chunk[:-2])
            body = b"".join(chunks)
        else:
            body = b""
        return status, body

    def close(self) -> None:
        self.writer.close()


def build_request(
    method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> bytes:
    """The bytes of one request, made once before the load so the loop only sends."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}", "X-Forwarded-Proto: https"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method in {"POST", "PUT", "PATCH"}:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _summary(latencies: list[float], elapsed: float, statuses: Counter[int]) -> dict[str, Any]:
    values = [value * 1000 for value in latencies]
    ok = sum(count for status, count in statuses.items() if 200 <= status < 300)
    return {
        "requests": len(values),
        "ok": ok,
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "per_second": round(ok / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(statistics.median(values), 2) if values else None,
        "p90_ms": round(percentile(values, 0.90), 2) if values else None,
        "p99_ms": round(percentile(values, 0.99), 2) if values else None,
        "max_ms": round(max(values), 2) if values else None,
    }


async def _closed_loop(
    port: int, requests: Sequence[bytes], *, connections: int, seconds: float, stagger: float = 0
) -> dict[str, Any]:
    """`connections` clients, each sending its next request when the last is answered.

    With `stagger`, client i connects i * stagger seconds after the start: a multi-worker
    server's workers then each accept some connections, where all at once one worker's
    accept loop could take every one of them.
    """
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    failures: Counter[str] = Counter()
    counter = iter(range(10**9))
    deadline = loop.time() + seconds

    async def client(index: int) -> None:
        await asyncio.sleep(index * stagger)
        connection = await Connection.open(HOST, port)
        try:
            while loop.time() < deadline:
                request = requests[next(counter) % len(requests)]
                started = loop.time()
                try:
                    status, _body = await asyncio.wait_for(connection.send(request), 10)
                except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                    statuses[0] += 1
                    failures[type(error).__name__] += 1
                    connection.close()
                    connection = await Connection.open(HOST, port)
                    continue
                latencies.append(loop.time() - started)
                statuses[status] += 1
        finally:
            connection.close()

    started = loop.time()
    await asyncio.gather(*(client(index) for index in range(connections)))
    summary = _summary(latencies, loop.time() - started, statuses)
    if failures:
        summary["failures"] = dict(failures)
    return summary


class OpenLoop:
    """Requests sent at fixed times whatever the server does; latency counts from then.

    A request due while every connection is busy opens another (up to `max_connections`)
    or waits for one; either way the wait is part of its latency, as it is for a user.
    """

    def __init__(self, port: int, *, max_connections: int = 256, timeout: float = 10.0) -> None:
        self.port = port
        self.max_connections = max_connections
        self.timeout = timeout
        self.idle: list[Connection] = []
        self.opened = 0
        self.waiting: deque[asyncio.Future[Connection]] = deque()
        self.peak = 0

    async def _acquire(self) -> Connection:
        while self.idle:
            connection = self.idle.pop()
            # uvicorn closes a keep-alive connection idle for 5 s; like any client, do not
            # send on one that may be closing (that failure would be the client's, not the
            # server's).
            if time.monotonic() - connection.last_used < KEEP_ALIVE_SECONDS:
                return connection
            connection.close()
            self.opened -= 1
        if self.opened < self.max_connections:
            self.opened += 1
            self.peak = max(self.peak, self.opened)
            try:
                return await Connection.open(HOST, self.port)
            except OSError:
                self.opened -= 1
                raise
        future: asyncio.Future[Connection] = asyncio.get_running_loop().create_future()
        self.waiting.append(future)
        return await future

    def _release(self, connection: Connection) -> None:
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_result(connection)
                return
        self.idle.append(connection)

    def _discard(self, connection: Connection | None) -> None:
        if connection is not None:
            connection.close()
        self.opened -= 1

    async def run(
        self,
        requests: Sequence[bytes],
        *,
        rate: float,
        seconds: float,
        on_response: Callable[[int, int, bytes, float], None] | None = None,
        stop_after: Callable[[], bool] | None = None,
        warm_connections: int = 16,
    ) -> dict[str, Any]:
        loop = asyncio.get_running_loop()
        for _ in range(warm_connections):
            self.opened += 1
            self.idle.append(await Connection.open(HOST, self.port))
        self.peak = self.opened
        latencies: list[float] = []
        statuses: Counter[int] = Counter()
        failures: Counter[str] = Counter()
        total = int(rate * seconds)
        begin = loop.time() + 0.05
        tasks: set[asyncio.Task[None]] = set()

        async def one(index: int, due: float) -> None:
            connection: Connection | None = None
            try:
                connection = await self._acquire()
                status, body = await asyncio.wait_for(
                    connection.send(requests[index % len(requests)]), self.timeout
                )
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                statuses[0] += 1
                failures[type(error).__name__] += 1
                self._discard(connection)
                if on_response is not None:
                    on_response(index, 0, b"", loop.time() - due)
                return
            latency = loop.time() - due
            latencies.append(latency)
            statuses[status] += 1
            self._release(connection)
            if on_response is not None:
                on_response(index, status, body, latency)

        sent = 0
        for index in range(total):
            if stop_after is not None and stop_after():
                break
            due = begin + index / rate
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(one(index, due))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            sent += 1
        if tasks:
            await asyncio.wait(tasks, timeout=self.timeout + 5)
        elapsed = max(loop.time() - begin, sent / rate)
        for connection in self.idle:
            connection.close()
        summary = _summary(latencies, elapsed, statuses)
        summary["offered_per_second"] = round(rate, 1)
        summary["sent"] = sent
        summary["peak_connections"] = self.peak
        if failures:
            summary["failures"] = dict(failures)
        return summary


def _new_loop() -> asyncio.AbstractEventLoop:
    try:
        import uvloop

        return uvloop.new_event_loop()
    except ImportError:
        return asyncio.new_event_loop()


def run_async(coroutine: Any) -> Any:
    loop = _new_loop()
    try:
        return loop.run_until_complete(coroutine)
    finally:
        loop.close()


def closed_loop(
    port: int, requests: Sequence[bytes], *, connections: int, seconds: float, stagger: float = 0
) -> dict[str, Any]:
    return dict(
        run_async(
            _closed_loop(port, requests, connections=connections, seconds=seconds, stagger=stagger)
        )
    )


def open_loop(
    port: int, requests: Sequence[bytes], *, rate: float, seconds: float
) -> dict[str, Any]:
    return dict(run_async(OpenLoop(port).run(requests, rate=rate, seconds=seconds)))


# --- servers -------------------------------------------------------------------------------


def pin_to(cpu: int) -> bool:
    """Pin this process (the load) to one core when there are two or more."""
    if hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {cpu})
        return True
    return False


def site_env(database: str, data_dir: str, secret_key: str, field_key: str) -> dict[str, str]:
    """A production configuration on loopback (behind a TLS proxy, as deploy/ sets it up)."""
    return forumdb.django_env(
        database,
        KINSHIP_ENV="production",
        KINSHIP_DEBUG="false",
        SECRET_KEY=secret_key,
        KINSHIP_FIELD_KEYS=field_key,
        KINSHIP_ALLOWED_HOSTS=f"{HOST},testserver",
        KINSHIP_HTTPS="true",
        KINSHIP_DB_POOL="true",
        REDIS_URL=REDIS_URL,
        KINSHIP_DATA_DIR=data_dir,
        KINSHIP_LOG_LEVEL="WARNING",
    )


def new_secrets() -> tuple[str, str]:
    return secrets.token_urlsafe(50), urlsafe_b64encode(os.urandom(32)).decode("ascii")


def _unpinned(command: list[str]) -> list[str]:
    """On every core: a child would otherwise inherit this process's pinning to core 1."""
    cores = os.cpu_count() or 1
    if shutil.which("taskset") and cores > 1:
        return ["taskset", "-c", f"0-{cores - 1}", *command]
    return command


def _pinned(command: list[str]) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) > 1:
        return ["taskset", "-c", "0", *command]
    return command


def start_site(
    env: dict[str, str], port: int, *, task_worker: bool = False, workers: int = 1
) -> subprocess.Popen[bytes]:
    """`kinship serve` on core 0 (with the task worker beside it when asked).

    With more than one worker it runs as deployed on a 2-core server (deploy/), unpinned.
    """
    command = [str(BIN / "kinship"), "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers)]
    if not task_worker:
        command.append("--no-task-worker")
    return _start(
        _pinned(command) if workers == 1 else _unpinned(command), env, port, health="/healthz"
    )


def start_bare(env: dict[str, str], port: int, app: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        HOST,
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--lifespan",
        "off",
    ]
    return _start(_pinned(command), env, port, health="/healthz")


def _start(
    command: list[str], env: dict[str, str], port: int, *, health: str
) -> subprocess.Popen[bytes]:
    log = tempfile.NamedTemporaryFile(prefix="kinship-bench-server-", suffix=".log", delete=False)  # noqa: SIM115  (kept open by the child)
    process = subprocess.Popen(  # noqa: S603  (our own interpreter and commands)
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    process.log_path = log.name  # type: ignore[attr-defined]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited:\n{Path(log.name).read_text()[-3000:]}")
        try:
            probe = urllib.request.Request(  # noqa: S310  (loopback)
                f"http://{HOST}:{port}{health}", headers={"X-Forwarded-Proto": "https"}
            )
            with urllib.request.urlopen(probe, timeout=2) as answer:  # noqa: S310  (loopback)
                if answer.status < 500:
                    return process
        except OSError:
            time.sleep(0.3)
    stop(process)
    raise SystemExit(f"server did not start:\n{Path(log.name).read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server this benchmark started: its process group (the task worker too)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    log_path = getattr(process, "log_path", None)
    if log_path:
        Path(log_path).unlink(missing_ok=True)


def _process_stats() -> list[tuple[int, list[str]]]:
    """Every process's pid and the fields of its /proc/<pid>/stat after the command name."""
    stats = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats.append((int(entry.name), fields))
    return stats


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system, waited-for children included) of a server's process group.

    Servers are started in their own session, so the group is the server, its workers and
    the task worker.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    return sum(
        sum(int(value) for value in fields[11:15]) / ticks
        for _pid, fields in _process_stats()
        if int(fields[2]) == pid
    )


def worker_cpu_seconds(pid: int) -> dict[int, float]:
    """CPU time of each child of a server's supervisor (its uvicorn workers)."""
    ticks = os.sysconf("SC_CLK_TCK")
    return {
        child: sum(int(value) for value in fields[11:13]) / ticks
        for child, fields in _process_stats()
        if int(fields[1]) == pid
    }


def core_busy_seconds(cpu: int = 0) -> float:
    """Time core `cpu` has spent busy (not idle or waiting for I/O), from /proc/stat."""
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith(f"cpu{cpu} "):
            values = [int(value) for value in line.split()[1:]]
            return (sum(values[:8]) - values[3] - values[4]) / os.sysconf("SC_CLK_TCK")
    return 0.0


def database_cpu_seconds(database: str) -> float:
    """CPU time so far of the PostgreSQL backends connected to `database`."""
    import psycopg

    with psycopg.connect(forumdb.database_url("postgres"), autocommit=True) as admin:
        pids = [
            row[0]
            for row in admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", [database]
            ).fetchall()
        ]
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks
