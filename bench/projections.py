"""Benchmark of the read models (not a test): how fast they are rebuilt and caught up, against
the ceiling of reading and decoding the same log with the library, and how fast they answer.

    .venv/bin/python bench/projections.py [--sizes 100000,1000000] [--json]
                                          [--database-url URL] [--queries 200]
                                          [--processes N]

For each size it writes a synthetic history (bench/history.py) into an empty database (a
new SQLite file under var/bench unless --database-url names an empty one), then measures:
reading and decoding the whole log (the ceiling); rebuilding every projection from it, as
`tracker projections rebuild` does (sharing them out between --processes processes, by
default one per core), into an empty read model (as the first time) and over the one built
before (which it then drops); catching up after 10,000 more events; p50 and p95 of each
query. The ceiling and the first rebuild are measured three times each: medians.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

# Run as a script, this file's directory comes first on the path, and this file's name
# would hide the `projections` package: look from the repository's root instead.
BENCH = Path(__file__).resolve().parent
sys.path[:] = [str(BENCH.parent)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH]

from sqlalchemy import select, update  # noqa: E402

from bench.history import CODES, LEVELS, HistoryWriter  # noqa: E402
from projections import catalogue, queries, runner  # noqa: E402
from projections.schema import chain_nodes, projection_positions  # noqa: E402
from projections.transactions import writing  # noqa: E402
from tracker.composition import Services, open_services, open_store  # noqa: E402
from tracker.projection_commands import cores  # noqa: E402
from tracker.settings import Settings  # noqa: E402

CATCH_UP_EVENTS = 10_000
PAGE = 1000  # notifications per read, as the rebuild reads them
REPEATS = 3  # the ceiling and the rebuild are measured this many times: medians are quoted
TODAY = date(2025, 9, 1)  # the synthetic history ends in mid 2025
STATUSES = ("made", "in_progress", "stalled", "fulfilled", "not_fulfilled")


def read_and_decode(services: Services) -> float:
    """Events per second of reading the whole log and decoding every event (the ceiling)."""
    tracker, position, count = services.tracker, 0, 0
    started = time.perf_counter()
    while notifications := tracker.recorder.select_notifications(position + 1, PAGE):
        for notification in notifications:
            tracker.mapper.to_domain_event(notification)
        count += len(notifications)
        position = notifications[-1].id
    return count / (time.perf_counter() - started)


def timed(action: Callable[[], Any]) -> float:
    """Seconds the action took."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def latencies(ask: Callable[[random.Random], Any], runs: int) -> dict[str, float]:
    """p50 and p95 in milliseconds of `runs` calls, after a few to warm up."""
    rng = random.Random(7)
    for _ in range(10):
        ask(rng)
    times = sorted(timed(lambda: ask(rng)) * 1000 for _ in range(runs))
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
    }


def query_mix(services: Services) -> dict[str, Callable[[random.Random], Any]]:
    """Each query with parameters drawn the way a dashboard and its users would draw them."""
    engine, tracker = services.engine, services.tracker
    with engine.connect() as connection:
        ids = {
            kind: list(
                connection.execute(
                    select(chain_nodes.c.id).where(chain_nodes.c.type == kind).limit(5000)
                ).scalars()
            )
            for kind in ("outcomes", "commitments")
        }
    years = range(2016, 2026)

    def year_window(rng: random.Random) -> tuple[date, date]:
        year = rng.choice(years)
        return date(year, 1, 1), date(year, 12, 31)

    def commitments(rng: random.Random) -> Any:
        filters = rng.choice(
            (
                {},
                {"coalition": rng.choice(CODES)},
                {"coalition": rng.choice(CODES), "status": rng.choice(STATUSES)},
                {"level": rng.choice(LEVELS), "year": rng.choice(years)},
            )
        )
        return queries.commitments(engine, filters, page=rng.randint(1, 3), today=TODAY)

    return {
        "timeline": lambda rng: queries.timeline(engine, rng.choice(CODES), page=rng.randint(1, 5)),
        "timeline, one year": lambda rng: queries.timeline(
            engine, rng.choice(CODES), *year_window(rng), order=rng.choice(("asc", "desc"))
        ),
        "commitments": commitments,
        "commitments, overdue": lambda rng: queries.commitments(
            engine, {"overdue": True, "coalition": rng.choice((None, *CODES))}, today=TODAY
        ),
        "fulfilment": lambda rng: queries.fulfilment(engine, today=TODAY),
        "fulfilment, coalition and year": lambda rng: queries.fulfilment(
            engine, rng.choice(CODES), rng.choice(years), today=TODAY
        ),
        "impact chain": lambda rng: queries.impact_chain(
            engine, rng.choice(ids[rng.choice(("outcomes", "commitments"))])
        ),
        "audit, as known on": lambda rng: queries.audit(
            tracker, "commitments", rng.choice(ids["commitments"]), date(2026, 1, 1)
        ),
    }


def empty_read_models(services: Services) -> None:
    """Every projection's tables dropped and made anew, empty, at position 0 (untimed): each
    timed rebuild starts where the first ever does."""
    tables = [t for p in catalogue.chosen() for t in p.tables]
    with writing(services.engine) as connection:
        for table in tables:
            table.drop(connection, checkfirst=True)
        for table in tables:
            table.create(connection)
        connection.execute(update(projection_positions).values(position=0))


def run(size: int, database_url: str, runs: int, processes: int) -> dict[str, Any]:
    """Every figure for one size of history."""
    settings = Settings(database_url=database_url)
    services = open_services(settings)
    services.tracker.on_saved = None  # the benchmark says when to catch up
    try:
        writer = HistoryWriter(services.tracker)
        print(f"[{size:,}] writing the history…", file=sys.stderr)
        written = writer.write(size, start=0.0, span=0.97)
        ceiling = statistics.median(read_and_decode(services) for _ in range(REPEATS))
        opener = partial(open_store, settings)

        def rebuild() -> float:
            return timed(
                lambda: runner.rebuild(
                    services.tracker, services.engine, processes=processes, opener=opener
                )
            )

        print(f"[{size:,}] rebuilding into an empty read model…", file=sys.stderr)
        first_builds = []
        for _ in range(REPEATS):
            empty_read_models(services)
            first_builds.append(written / rebuild())
        print(f"[{size:,}] rebuilding over the read model built before…", file=sys.stderr)
        replacing = written / rebuild()
        writer.write(CATCH_UP_EVENTS, start=0.97, span=0.03)
        head = runner.head(services.tracker)
        caught_up = timed(lambda: runner.catch_up(services.tracker, services.engine))
        assert runner.lag(services.tracker, services.engine) == 0
        print(f"[{size:,}] asking the queries…", file=sys.stderr)
        figures = {name: latencies(ask, runs) for name, ask in query_mix(services).items()}
        return {
            "events": head,
            "read_and_decode_events_per_s": round(ceiling),
            "rebuild_events_per_s": round(statistics.median(first_builds)),
            "rebuild_ratio": round(statistics.median(first_builds) / ceiling, 3),
            "rebuild_replacing_events_per_s": round(replacing),
            "rebuild_replacing_ratio": round(replacing / ceiling, 3),
            "catch_up_events_per_s": round(CATCH_UP_EVENTS / caught_up),
            "catch_up_ratio": round(CATCH_UP_EVENTS / caught_up / ceiling, 3),
            "queries": figures,
        }
    finally:
        services.close()


def table(results: dict[str, Any]) -> str:
    """The figures as a Markdown table, for the README."""
    sizes = list(results["sizes"])
    lines = [
        f"{results['date']}, {results['machine']}, {results['store']}, "
        f"rebuild in {results['processes']} process(es)",
        "",
        "| figure | " + " | ".join(f"{int(s):,} events" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]

    def row(label: str, cell: Callable[[dict[str, Any]], str]) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(results["sizes"][s]) for s in sizes) + " |")

    def rate(figure: str, share: str) -> Callable[[dict[str, Any]], str]:
        return lambda r: f"{r[figure]:,}" + (f" ({r[share]:.0%})" if share else "")

    def latency(name: str) -> Callable[[dict[str, Any]], str]:
        return lambda r: f"{r['queries'][name]['p50_ms']} / {r['queries'][name]['p95_ms']}"

    row(
        f"read and decode (ceiling), events/s, median of {REPEATS}",
        rate("read_and_decode_events_per_s", ""),
    )
    row(
        f"rebuild into an empty read model, events/s (share), median of {REPEATS}",
        rate("rebuild_events_per_s", "rebuild_ratio"),
    )
    row(
        "rebuild over a full read model (dropping it too), events/s (share)",
        rate("rebuild_replacing_events_per_s", "rebuild_replacing_ratio"),
    )
    row(
        f"catch-up of {CATCH_UP_EVENTS:,} new events, events/s (share)",
        rate("catch_up_events_per_s", "catch_up_ratio"),
    )
    for name in results["sizes"][sizes[0]]["queries"]:
        row(f"{name}: p50 / p95 ms", latency(name))
    if len(sizes) > 1:
        small, big = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
        worst = max(
            big["queries"][n]["p95_ms"] / max(small["queries"][n]["p95_ms"], 0.01)
            for n in small["queries"]
        )
        lines += ["", f"Largest p95 ratio, {int(sizes[-1]):,} to {int(sizes[0]):,}: {worst:.2f}×"]
    return "\n".join(lines)


def main() -> None:
    """Parse the options, run each size in a fresh database, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="history sizes, comma-separated")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--database-url", help="an EMPTY database (default: new SQLite files)")
    parser.add_argument("--queries", type=int, default=200, help="calls of each query")
    parser.add_argument("--processes", type=int, default=cores(), help="processes for the rebuild")
    args = parser.parse_args()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")]
    if args.database_url and len(sizes) > 1:
        parser.error("--database-url takes one size at a time (it must start empty)")
    results: dict[str, Any] = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()}",
        "store": "PostgreSQL" if (args.database_url or "").startswith("postgres") else "SQLite",
        "processes": args.processes,
        "sizes": {},
    }
    Path("var").mkdir(exist_ok=True)
    for size in sizes:
        workdir = tempfile.mkdtemp(prefix="bench-", dir="var")
        try:
            url = args.database_url or f"sqlite:///{workdir}/bench.sqlite"
            results["sizes"][str(size)] = run(size, url, args.queries, args.processes)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(results, indent=2) if args.json else table(results))


if __name__ == "__main__":
    main()
