"""Benchmark of `tracker import`: rows imported per second against the rate of the same
records written by calling the use case once per row, both measured in the same run.

`.venv/bin/python bench/imports.py [--rows 4000,20000] [--database-url URL] [--json]`
writes a CSV of commitments in the OGP IRM layout (tests/fixtures/imports/ogp-irm.toml's
columns), then, each in a new store with one coalition (SQLite files under var/, or the
EMPTY PostgreSQL database named, emptied between runs by dropping its schema's tables):
imports it with the mapping; and makes the same commitments with `make_commitment` and
`report_progress`, one call per row as a form or API client would. Read models are left
out of both; after each import, the catch-up of every read model with the events it stored
is timed on its own (bench/projections.py measures catch-up against the ceiling). Three
runs each, in turns; medians and their ratio (target: import at 50% or more of the direct
rate), and the catch-up's rate against the import's (at 1 or more, the read models keep
up with an import).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

BENCH = Path(__file__).resolve().parent
sys.path[:] = [str(BENCH.parent)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH]

from projections import runner  # noqa: E402
from tracker.composition import Services, open_services  # noqa: E402
from tracker.imports.run import Options, run_import  # noqa: E402
from tracker.settings import Settings  # noqa: E402

MAPPING = BENCH.parent / "tests" / "fixtures" / "imports" / "ogp-irm.toml"
REPEATS = 3
COMPLETION = {"Not Started": "not_started", "Limited": "limited", "Substantial": "substantial",
              "Complete": "complete"}  # fmt: skip
HEADER = [
    "Commitment Unique Identifier", "Commitment Title", "Commitment Description",
    "Lead Institution", "Start Date", "End Date", "Completion (End Of Term)",
    "Did It Open Government (Overall)",
]  # fmt: skip


def rows(count: int) -> list[list[str]]:
    """`count` commitments of eight years of action plans, in the IRM's layout."""
    made = []
    for n in range(count):
        start = date(2016, 1, 1) + timedelta(days=(n * 7) % 2900)
        made.append([
            f"KE{n:06d}", f"Commitment {n}: open the data of service {n % 97}",
            f"What the plan said about service {n % 97}, at length.\nSecond paragraph.",
            f"Ministry {n % 23}", start.strftime("%m/%d/%Y"),
            (start + timedelta(days=730)).strftime("%B %Y"),
            list(COMPLETION)[n % 4], ("Major", "Marginal", "NA")[n % 3],
        ])  # fmt: skip
    return made


def as_csv(table: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(table)
    return out.getvalue().encode()


def fresh(url: str) -> Services:
    services = open_services(Settings(database_url=url))
    services.tracker.on_saved = None  # the read models are not what is measured
    services.tracker.register_coalition(code="ke", name="Kenya", recorded_by="bench")
    return services


class Imported(NamedTuple):
    rows_per_s: float
    events_per_s: float  # events the import stored, per second of the import
    caught_up_per_s: float  # the same events applied to every read model, per second


def imported(url: str, data: bytes) -> Imported:
    """Import the file, then catch the read models up with what it stored (both timed)."""
    services = fresh(url)
    tracker = services.tracker
    try:
        mapping = MAPPING.read_text(encoding="utf-8")
        runner.catch_up(tracker, services.engine)  # the coalition, not the import's
        before = runner.head(tracker)
        started = time.perf_counter()
        report = run_import(tracker, data, Options("commitments", mapping, by="bench"))
        took = time.perf_counter() - started
        assert not report["errors"] and report["created"] == report["rows"], report
        events = runner.head(tracker) - before
        started = time.perf_counter()
        runner.catch_up(tracker, services.engine)
        caught_up = time.perf_counter() - started
        assert runner.lag(tracker, services.engine) == 0
        return Imported(report["rows"] / took, events / took, events / caught_up)
    finally:
        services.close()


def direct(url: str, table: list[list[str]]) -> float:
    services = fresh(url)
    tracker = services.tracker
    try:
        started = time.perf_counter()
        for row in table:
            start = datetime.strptime(row[4], "%m/%d/%Y").date()
            saved = tracker.make_commitment(
                coalition="ke", text=row[1], made_by={"institution": row[3], "role": ""},
                due_on=datetime.strptime(row[5], "%B %Y").date(), groups=[], sdg_targets=[],
                occurred_on=start, recorded_by="bench",
                external_ref={"system": "ogp-irm", "id": row[0]},
            )  # fmt: skip
            completion = COMPLETION[row[6]]
            if completion != "not_started":
                tracker.report_progress(
                    saved.id, status="made", completion=completion, note="import", evidence=[],
                    occurred_on=datetime.now(UTC).date(), recorded_by="bench",
                )  # fmt: skip
        return len(table) / (time.perf_counter() - started)
    finally:
        services.close()


def emptied(url: str, workdir: str, run: str) -> str:
    """A new empty store for each run: a new SQLite file, or the PostgreSQL schema emptied."""
    if not url:
        return f"sqlite:///{workdir}/bench-{run}.sqlite"
    import psycopg

    libpq = url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(libpq, autocommit=True) as connection:
        for (table,) in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        ).fetchall():
            connection.execute(f'DROP TABLE IF EXISTS "{table}" CASCADE')
    return url


def run(count: int, url: str, workdir: str) -> dict[str, Any]:
    table = rows(count)
    data = as_csv(table)
    imports, directs = [], []
    for n in range(REPEATS):
        imports.append(imported(emptied(url, workdir, f"{count}-import-{n}"), data))
        directs.append(direct(emptied(url, workdir, f"{count}-direct-{n}"), table))
    importing = statistics.median(i.rows_per_s for i in imports)
    calling = statistics.median(directs)
    written = statistics.median(i.events_per_s for i in imports)
    caught_up = statistics.median(i.caught_up_per_s for i in imports)
    return {
        "rows": count,
        "import_rows_per_s": round(importing),
        "direct_rows_per_s": round(calling),
        "ratio": round(importing / calling, 2),
        "import_events_per_s": round(written),
        "catch_up_events_per_s": round(caught_up),
        "catch_up_ratio": round(caught_up / written, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="4000", help="row counts, comma-separated")
    parser.add_argument("--database-url", default="", help="an EMPTY PostgreSQL database")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    Path("var").mkdir(exist_ok=True)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "store": "PostgreSQL" if args.database_url else "SQLite",
        "runs": [],
    }
    workdir = tempfile.mkdtemp(prefix="bench-", dir="var")
    try:
        for count in (int(c) for c in args.rows.split(",")):
            results["runs"].append(run(count, args.database_url, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{results['date']}, {results['machine']}, {results['store']}\n")
    print(
        "| rows | import, rows/s (median of 3) | use case per row, rows/s | ratio (target ≥ 0.5) "
        "| import, events/s | catch-up of them, events/s | catch-up / import |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for r in results["runs"]:
        rates = f"{r['import_rows_per_s']:,} | {r['direct_rows_per_s']:,}"
        events = f"{r['import_events_per_s']:,} | {r['catch_up_events_per_s']:,}"
        print(
            f"| {r['rows']:,} | {rates} | {r['ratio']:.2f} | {events} | {r['catch_up_ratio']:.2f} |"
        )


if __name__ == "__main__":
    main()
