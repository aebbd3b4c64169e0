"""P9: crisis screening of one text. p99 per text on one core, and texts per second.

    python -m bench.p9 [--texts 6000] [--runs 3] [--seed 9]

A worker process (pinned with `taskset -c 0` when available) builds a seeded, mixed corpus:
the development set (../shared/data/crisis-dev.jsonl when present), seeded variations of
it (case, leetspeak, spaced letters, stretched letters, zero-width characters, added
chatter), long posts of ordinary recovery talk up to 5,000 characters with a warning sign
now and then, and a worst case of 5,000 characters packed with dev-set sentences. Each
run times `screening.assess` on every text; the figures are the medians over the runs.
The same-run baseline is a plain keyword scan (`in` over 30 words), the cheapest screener
there is. Writes bench/results/p9.json and prints one line.
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
import time
from datetime import UTC, datetime
from typing import Any

from bench.common import ROOT, git_revision, percentile

RESULTS = ROOT / "bench" / "results" / "p9.json"
DEV_SET = ROOT.parent / "shared" / "data" / "crisis-dev.jsonl"
BARS = {"p99_ms": 5.0}
LONG_LIMIT = 5000
KEYWORDS = (
    "suicide", "kill myself", "die", "overdose", "goodbye", "cut", "hurt myself", "pills",
    "alone", "relapse", "hopeless", "end it", "tonight", "breathing", "unresponsive", "blue",
    "voices", "no sleep", "meds", "better off", "last post", "note", "morir", "matarme",
    "respira", "adios", "recai", "sola", "daño", "fent",
)  # fmt: skip
CHATTER = [
    "Day {n} today and I made it to my home group.",
    "Anyone else find the evenings hardest? I go for a walk after dinner now.",
    "My sponsor says to keep it simple, so that's what I'm doing this week.",
    "Work was long, but I ate real food and called my sister.",
    "The Thursday meeting moved to the library, room 2, same time.",
    "Started a gratitude list: coffee, my dog, the bus driver who waited for me.",
    "Therapy went fine, we talked about boundaries with my dad again.",
    "Methadone clinic line was long but the staff were kind.",
    "Hoy fui a la reunión y me sentí escuchado. Gracias a todos.",
    "I keep a phone list in my wallet now, three numbers I can call.",
    "Sleep is still weird but better than last month.",
    "Made soup for the house, nobody complained, which is a first.",
]
FALLBACK = [
    "Got my 30 day chip tonight!",
    "I keep thinking about killing myself and I can't stop.",
    "This heat is murder, see you at the meeting.",
    "Goodbye everyone, this is my last post.",
    "Relapsed last night and I feel hopeless.",
    "Mi amigo no respira, ayuda.",
]


def _dev_texts() -> list[str]:
    if not DEV_SET.exists():
        return FALLBACK
    with DEV_SET.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def _vary(text: str, rng: random.Random) -> str:
    leet = str.maketrans({"i": "1", "e": "3", "o": "0", "a": "4", "s": "5"})
    choice = rng.randrange(7)
    if choice == 0:
        return text.upper()
    if choice == 1:
        words = text.split()
        pick = rng.randrange(len(words))
        words[pick] = words[pick].translate(leet)
        return " ".join(words)
    if choice == 2:
        words = text.split()
        pick = rng.randrange(len(words))
        words[pick] = " ".join(words[pick])
        return " ".join(words)
    if choice == 3:
        return "".join(
            char * 4 if char in "aeiou" and rng.random() < 0.1 else char for char in text
        )
    if choice == 4:
        return "\u200b".join(text[index : index + 7] for index in range(0, len(text), 7))
    if choice == 5:
        return f"{rng.choice(CHATTER).format(n=rng.randrange(400))} {text}"
    return f"{text} {rng.choice(CHATTER).format(n=rng.randrange(400))}"


def _long_post(dev: list[str], rng: random.Random) -> str:
    target = rng.randrange(500, LONG_LIMIT + 1)
    parts: list[str] = []
    size = 0
    while size < target:
        line = rng.choice(dev) if rng.random() < 0.08 else rng.choice(CHATTER)
        line = line.format(n=rng.randrange(400)) if "{n}" in line else line
        parts.append(line)
        size += len(line) + 1
    return " ".join(parts)[:target]


def _dense_post(dev: list[str], rng: random.Random) -> str:
    parts: list[str] = []
    while sum(len(part) + 1 for part in parts) < LONG_LIMIT:
        parts.append(rng.choice(dev))
    return " ".join(parts)[:LONG_LIMIT]


def build_corpus(count: int, seed: int) -> list[tuple[str, str]]:
    """(kind, text) pairs: dev, variation, long, dense."""
    rng = random.Random(seed)
    dev = _dev_texts()
    corpus = [("dev", text) for text in dev]
    remaining = max(0, count - len(corpus))
    long_count = remaining // 4
    dense_count = remaining // 20
    variation_count = remaining - long_count - dense_count
    corpus += [("variation", _vary(rng.choice(dev), rng)) for _ in range(variation_count)]
    corpus += [("long", _long_post(dev, rng)) for _ in range(long_count)]
    corpus += [("dense", _dense_post(dev, rng)) for _ in range(dense_count)]
    rng.shuffle(corpus)
    return corpus


def _keyword_scan(text: str) -> bool:
    lowered = text.lower()
    return any(word in lowered for word in KEYWORDS)


def _figures(timings: list[float]) -> dict[str, float]:
    return {
        "p50_ms": statistics.median(timings),
        "p90_ms": percentile(timings, 0.90),
        "p99_ms": percentile(timings, 0.99),
        "max_ms": max(timings),
        "texts_per_second": len(timings) / (sum(timings) / 1000),
    }


def worker(arguments: argparse.Namespace) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "src"))
    from kinship.safety.screening import assess

    corpus = build_corpus(arguments.texts, arguments.seed)
    levels: dict[str, int] = {}
    for _kind, text in corpus:  # warm up, and count what the corpus holds
        level = assess(text).level
        levels[level] = levels.get(level, 0) + 1
    runs = []
    for _run in range(arguments.runs):
        timings: list[float] = []
        by_kind: dict[str, list[float]] = {}
        for kind, text in corpus:
            started = time.perf_counter()
            assess(text)
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
        baseline: list[float] = []
        for _kind, text in corpus:
            started = time.perf_counter()
            _keyword_scan(text)
            baseline.append((time.perf_counter() - started) * 1000)
        runs.append(
            {
                "screener": _figures(timings),
                "by_kind": {kind: _figures(values) for kind, values in by_kind.items()},
                "keyword_baseline": _figures(baseline),
            }
        )

    def median_of(path: list[str]) -> float:
        values = []
        for run in runs:
            value: Any = run
            for key in path:
                value = value[key]
            values.append(value)
        return round(statistics.median(values), 4)

    figures = ("p50_ms", "p90_ms", "p99_ms", "max_ms", "texts_per_second")
    kinds = sorted(runs[0]["by_kind"])
    sizes = [len(text) for _kind, text in corpus]
    return {
        "texts": len(corpus),
        "characters": sum(sizes),
        "longest": max(sizes),
        "by_kind_count": {kind: sum(1 for k, _t in corpus if k == kind) for kind in kinds},
        "levels_found": levels,
        "dev_set": str(DEV_SET) if DEV_SET.exists() else "absent (fallback sentences)",
        "runs": arguments.runs,
        "screener": {figure: median_of(["screener", figure]) for figure in figures},
        "by_kind": {
            kind: {figure: median_of(["by_kind", kind, figure]) for figure in figures}
            for kind in kinds
        },
        "keyword_baseline": {figure: median_of(["keyword_baseline", figure]) for figure in figures},
    }


def _run_worker(arguments: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench.p9",
        "--worker",
        "--texts",
        str(arguments.texts),
        "--runs",
        str(arguments.runs),
        "--seed",
        str(arguments.seed),
    ]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    completed = subprocess.run(  # noqa: S603  (our own interpreter and arguments)
        command, cwd=ROOT, capture_output=True, text=True, timeout=3600
    )
    if completed.returncode != 0:
        raise SystemExit(f"worker failed:\n{completed.stderr[-4000:]}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    result["pinned_to_cpu0"] = command[0] == "taskset"
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--texts", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker:
        print(json.dumps(worker(arguments)))
        return
    result = _run_worker(arguments)
    passed = result["screener"]["p99_ms"] <= BARS["p99_ms"]
    document = {
        "benchmark": "P9",
        "workload": "kinship.safety.screening.assess on one text at a time, one core",
        "bars": BARS,
        "passed": passed,
        "git_revision": git_revision(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
        "versions": {"python": platform.python_version()},
        "result": result,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    screener = result["screener"]
    print(
        f"P9 {'PASS' if passed else 'FAIL'} at {result['texts']} texts "
        f"({result['characters']:,} chars): p50 {screener['p50_ms']:.3f} ms "
        f"p99 {screener['p99_ms']:.3f} ms max {screener['max_ms']:.2f} ms "
        f"{screener['texts_per_second']:.0f} texts/s "
        f"(dense 5k p99 {result['by_kind'].get('dense', {}).get('p99_ms', 0):.2f} ms; "
        f"keyword baseline p99 {result['keyword_baseline']['p99_ms']:.3f} ms)"
    )


if __name__ == "__main__":
    main()
