"""Build a national-scale Meeting Guide feed from the real sample feeds (seeded, reproducible).

The 13 real feeds in ../shared/meeting-feeds/real (7,245 records) are replicated until the
wanted size: each copy gets rewritten slugs, coordinates jittered by up to ~1 km and start
times moved by up to 30 minutes, so copies are distinct meetings with realistic quirks.
The result goes to a temporary folder and is never committed (third-party data).
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

REAL_FEEDS = (Path(__file__).resolve().parents[1] / "../shared/meeting-feeds/real").resolve()
DEFAULT_RECORDS = 86_000
_HH_MM = re.compile(r"(\d{2}):(\d{2})")


def load_real_records(folder: Path = REAL_FEEDS) -> list[dict[str, Any]]:
    if not folder.is_dir():
        raise SystemExit(
            f"sample feeds not found at {folder} (the shared folder beside the checkout)"
        )
    records: list[dict[str, Any]] = []
    for path in sorted(folder.glob("*.json")):
        records.extend(json.loads(path.read_text(encoding="utf-8")))
    return records


def _jitter_time(value: Any, rng: random.Random) -> Any:
    if not isinstance(value, str):
        return value
    match = _HH_MM.fullmatch(value)
    if not match:
        return value
    minutes = (int(match[1]) * 60 + int(match[2]) + rng.choice((-30, -15, 0, 15, 30))) % 1440
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _jitter_coordinate(value: Any, rng: random.Random) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value) + rng.uniform(-0.01, 0.01), 7)
    if isinstance(value, str):
        try:
            return f"{float(value) + rng.uniform(-0.01, 0.01):.7f}"
        except ValueError:
            return value
    return value


def build_feed(count: int = DEFAULT_RECORDS, *, seed: int = 4) -> list[dict[str, Any]]:
    """`count` records: copy k of a real record has slug "<slug>-c<k>" and small jitter."""
    rng = random.Random(seed)
    real = load_real_records()
    feed: list[dict[str, Any]] = []
    copy_number = 0
    while len(feed) < count:
        for original in real:
            if len(feed) >= count:
                break
            record = copy.deepcopy(original)
            record["slug"] = f"{original.get('slug')}-c{copy_number}"
            for key in ("time", "latitude", "longitude"):
                if key in record:
                    jitter = _jitter_time if key == "time" else _jitter_coordinate
                    record[key] = jitter(record[key], rng)
            feed.append(record)
        copy_number += 1
    return feed


def change_some(
    feed: list[dict[str, Any]], *, share: float = 0.01, seed: int = 5
) -> tuple[list[dict[str, Any]], int]:
    """A copy of `feed` with `share` of the records renamed; returns (feed, changed count)."""
    rng = random.Random(seed)
    changed = copy.deepcopy(feed)
    picked = rng.sample(range(len(changed)), int(len(changed) * share))
    for index in picked:
        changed[index]["name"] = f"{changed[index].get('name') or 'Meeting'} (moved)"
    return changed, len(picked)


def write_feed(feed: list[dict[str, Any]], path: Path) -> int:
    document = json.dumps(feed, ensure_ascii=False)
    path.write_text(document, encoding="utf-8")
    return len(document.encode("utf-8"))
