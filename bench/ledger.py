"""Benchmark of `tracker verify`: events verified per second against the ceiling of reading
and decoding the same log with the library, both measured in the same run.

`.venv/bin/python bench/ledger.py [--sizes 100000] [--database-url URL] [--json]` writes a
synthetic history (bench/history.py) into a new SQLite file (or the EMPTY database named),
every event linked in the ledger as it is saved, then measures three times each, in
turns: reading and decoding the whole log (the ceiling), and verifying the whole chain.
Medians are quoted, with their ratio (the target: verify at 50% of the ceiling or more).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:] = [str(BENCH.parent)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH]

from bench.history import HistoryWriter  # noqa: E402
from bench.projections import read_and_decode  # noqa: E402
from tracker.composition import open_services  # noqa: E402
from tracker.ledger.verify import verify  # noqa: E402
from tracker.settings import Settings  # noqa: E402

REPEATS = 3


def run(size: int, url: str) -> dict[str, Any]:
    """Write the history, then time the ceiling and verify in turns."""
    services = open_services(Settings(database_url=url))
    services.tracker.on_saved = None  # the read models are not what is measured
    try:
        started = time.perf_counter()
        written = HistoryWriter(services.tracker).write(size)
        writing = written / (time.perf_counter() - started)
        ceilings, verifies = [], []
        for _ in range(REPEATS):
            ceilings.append(read_and_decode(services))
            began = time.perf_counter()
            verdict = verify(services.tracker.ledger)
            verifies.append(verdict.verified / (time.perf_counter() - began))
            assert verdict.ok and verdict.verified == written, verdict
        ceiling, verified = statistics.median(ceilings), statistics.median(verifies)
        return {
            "events": written,
            "written_linked_events_per_s": round(writing),
            "read_and_decode_events_per_s": round(ceiling),
            "verify_events_per_s": round(verified),
            "verify_ratio": round(verified / ceiling, 3),
        }
    finally:
        services.close()


def table(results: dict[str, Any]) -> str:
    """The figures as a Markdown table, one column per size."""
    sizes = results["sizes"]
    lines = [
        f"{results['date']}, {results['machine']}, {results['store']}",
        "",
        "| figure | " + " | ".join(f"{int(s):,} events" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for label, key in (
        ("history written (linked as saved), events/s", "written_linked_events_per_s"),
        (
            f"read and decode (ceiling), events/s, median of {REPEATS}",
            "read_and_decode_events_per_s",
        ),
        (f"tracker verify, events/s, median of {REPEATS}", "verify_events_per_s"),
    ):
        lines.append(f"| {label} | " + " | ".join(f"{s[key]:,}" for s in sizes.values()) + " |")
    lines.append(
        "| verify / ceiling (target ≥ 0.5) | "
        + " | ".join(f"{s['verify_ratio']:.0%}" for s in sizes.values())
        + " |"
    )
    return "\n".join(lines)


def main() -> None:
    """Parse the options, run each size in a fresh database, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="history sizes, comma-separated")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--database-url", help="an EMPTY database (default: new SQLite files)")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    if args.database_url and len(sizes) > 1:
        parser.error("--database-url takes one size at a time (it must start empty)")
    results: dict[str, Any] = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}",
        "store": "PostgreSQL" if (args.database_url or "").startswith("postgres") else "SQLite",
        "sizes": {},
    }
    Path("var").mkdir(exist_ok=True)
    for size in sizes:
        workdir = tempfile.mkdtemp(prefix="bench-", dir="var")
        try:
            url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
            results["sizes"][str(size)] = run(size, url)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(results, indent=2) if args.json else table(results))


if __name__ == "__main__":
    main()
