"""The `kinship` command: Kinship's own commands, and every Django management command.

`kinship users create ...` runs the `users` management command, `kinship migrate` runs
Django's `migrate`, and so on. `kinship serve` runs the whole site: uvicorn (HTTP and
websockets) with the background task worker beside it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence

KINSHIP_COMMANDS = {
    "serve": "Serve the site (HTTP and websockets) with the task worker running.",
    "migrate": "Create or update the database tables.",
    "demo": "Load the fictional demo community (safe to run again).",
    "users": "Create members and staff, or change a role: users create|set-role --help.",
    "tokens": "Create or revoke personal API tokens: tokens create|revoke --help.",
    "keys": "Re-encrypt stored personal text with the newest key: keys rotate --help.",
    "audit": "Check that the audit log has not been altered: audit verify.",
    "privacy": "Export a member's data, or erase accounts due for deletion.",
    "meetings": "Import or export Meeting Guide feeds: meetings import|export|sources --help.",
    "safety": "Screen texts for crisis risk in bulk: safety screen --input IN --output OUT.",
    "check": "Check the configuration (add --deploy for production checks).",
}


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kinship.config.settings")


def _print_help() -> None:
    print("usage: kinship COMMAND [options]\n")
    print("Kinship commands:")
    for name, summary in KINSHIP_COMMANDS.items():
        print(f"  {name:<10} {summary}")
    print("\nEvery Django management command works too: `kinship help --commands` lists them.")
    print("Run `kinship COMMAND --help` for a command's options.")


def serve(argv: Sequence[str]) -> int:
    """Run uvicorn on the ASGI app and the task worker in a child process."""
    parser = argparse.ArgumentParser(prog="kinship serve", description=KINSHIP_COMMANDS["serve"])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="ASGI worker processes (more than 1 needs REDIS_URL for shared live updates)",
    )
    parser.add_argument(
        "--no-task-worker",
        action="store_true",
        help="do not start the background task worker (run `kinship db_worker` elsewhere)",
    )
    options = parser.parse_args(list(argv))
    if options.workers > 1 and not os.environ.get("REDIS_URL"):
        parser.error("--workers above 1 needs REDIS_URL: live updates must be shared")

    import django
    import uvicorn

    django.setup()
    from kinship.config.schedule import start_scheduler

    worker: subprocess.Popen[bytes] | None = None
    stop_scheduler = threading.Event()
    if not options.no_task_worker:
        worker = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
            [sys.executable, "-m", "kinship.cli", "db_worker", "--queue-name", "*"]
        )
        start_scheduler(stop_scheduler)

    def stop_worker(*_: object) -> None:
        stop_scheduler.set()
        if worker is not None and worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=10)

    def on_terminate(*_: object) -> None:
        stop_worker()
        sys.exit(0)

    signal.signal(signal.SIGTERM, on_terminate)
    print(f"Kinship is serving at http://{options.host}:{options.port}/", flush=True)
    try:
        uvicorn.run(
            "kinship.config.asgi:application",
            host=options.host,
            port=options.port,
            workers=options.workers,
            lifespan="off",
            proxy_headers=True,
            log_level=os.environ.get("KINSHIP_LOG_LEVEL", "info").lower(),
        )
    finally:
        stop_worker()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    _setup_django()
    if not args or args[0] in {"-h", "--help"}:
        _print_help()
        return 0
    if args[0] == "serve":
        return serve(args[1:])
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kinship", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
