"""Where every app says how to export and erase a member's data.

Apps call `register_data_handler` in their `AppConfig.ready()`; privacy sits below the
feature apps and cannot import them, so this registry is how export and erasure reach
every app. Handlers run in registration order (the order of INSTALLED_APPS).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol


class Exporter(Protocol):
    def __call__(self, user: Any, /) -> dict[str, Any] | list[Any]: ...


class Eraser(Protocol):
    def __call__(self, user: Any, /, *, keep_posts_anonymised: bool) -> None: ...


@dataclass(frozen=True)
class DataHandler:
    name: str
    exporter: Exporter
    eraser: Eraser


_handlers: dict[str, DataHandler] = {}


def register_data_handler(name: str, *, exporter: Exporter, eraser: Eraser) -> None:
    """Register how one app exports (JSON-serialisable) and erases a member's data."""
    handler = DataHandler(name=name, exporter=exporter, eraser=eraser)
    existing = _handlers.get(name)
    if existing is not None and existing != handler:
        raise ValueError(f"a data handler named {name!r} is already registered")
    _handlers[name] = handler


def data_handlers() -> list[DataHandler]:
    return list(_handlers.values())


def unregister_data_handler(name: str) -> None:
    """Remove a handler; for tests that register a temporary one."""
    _handlers.pop(name, None)
