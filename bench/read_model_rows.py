"""Every read-model row after catch-up and rebuild, kept to compare two versions of the code
(not a test, not a benchmark): a change meant to make projections faster must leave the rows
exactly as they were.

    .venv/bin/python bench/read_model_rows.py history var/rows/history.sqlite \
        [--size 100000] [--more 10000]
    .venv/bin/python bench/read_model_rows.py rows var/rows/history.sqlite var/rows/before.pickle
    .venv/bin/python bench/read_model_rows.py compare var/rows/before.pickle var/rows/after.pickle

`history` writes the benchmark's synthetic history once (bench/history.py: `--size` events,
then `--more`, as bench/projections.py does), with no read model built. Its event ids are
random, so rows are only comparable between runs over the same file. `rows` projects a copy
of that file in each of the ways the tracker does, and keeps every table's rows
(`projections.snapshot`) of each: a rebuild into an empty read model (in one process and in
two), a rebuild over a full one, a catch-up of the last `--more` events after a rebuild of
the rest, and a catch-up of the whole log from nothing; it checks that all agree. `compare`
says whether two such files hold the same rows, scenario by scenario and table by table.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:] = [str(BENCH.parent)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH]

from bench.history import HistoryWriter  # noqa: E402
from projections import runner  # noqa: E402
from projections.snapshot import snapshot  # noqa: E402
from tracker.composition import Services, open_services, open_store  # noqa: E402
from tracker.settings import Settings  # noqa: E402

Rows = dict[str, list[tuple[Any, ...]]]
EVENTS = "stored_events"


def _settings(path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{path}")


def _open(path: Path) -> Services:
    services = open_services(_settings(path))
    services.tracker.on_saved = None  # this script says when to project
    return services


def write_history(path: Path, size: int, more: int) -> None:
    """Write `size` then `more` events into a new SQLite file; note where `more` begins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise SystemExit(f"{path} exists: give a new file")
    services = _open(path)
    try:
        writer = HistoryWriter(services.tracker)
        writer.write(size, start=0.0, span=0.97)
        cut = runner.head(services.tracker)
        writer.write(more, start=0.97, span=0.03)
        head = runner.head(services.tracker)
    finally:
        services.close()
    path.with_suffix(".json").write_text(json.dumps({"cut": cut, "head": head}))
    print(f"{path}: {head:,} events, the last {head - cut:,} after position {cut:,}")


def _copy(source: Path, workdir: Path) -> Path:
    target = workdir / "copy.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return target


def _set_aside_after(path: Path, cut: int) -> None:
    """Keep the events after `cut` in a table of their own, as if not yet stored."""
    with sqlite3.connect(path) as db:
        db.execute(
            f"CREATE TABLE later AS SELECT rowid AS rid, * FROM {EVENTS} WHERE rowid > ?", (cut,)
        )
        db.execute(f"DELETE FROM {EVENTS} WHERE rowid > ?", (cut,))


def _bring_back(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            f"INSERT INTO {EVENTS} (rowid, originator_id, originator_version, topic, state) "
            "SELECT rid, originator_id, originator_version, topic, state FROM later"
        )
        db.execute("DROP TABLE later")


def _rebuild(processes: int, path: Path) -> None:
    services = _open(path)
    try:
        opener = partial(open_store, _settings(path))
        runner.rebuild(services.tracker, services.engine, processes=processes, opener=opener)
    finally:
        services.close()


def _catch_up(path: Path) -> None:
    services = _open(path)
    try:
        runner.catch_up(services.tracker, services.engine)
        assert runner.lag(services.tracker, services.engine) == 0
    finally:
        services.close()


def _rows_of(path: Path) -> Rows:
    services = _open(path)
    try:
        return snapshot(services.engine)
    finally:
        services.close()


def scenarios(cut: int) -> dict[str, Callable[[Path], None]]:
    """Each way of projecting the history, given a fresh copy of it."""

    def rebuild_twice(path: Path) -> None:
        _rebuild(2, path)
        _rebuild(2, path)

    def catch_up_after_rebuild(path: Path) -> None:
        _set_aside_after(path, cut)
        _rebuild(2, path)
        _bring_back(path)
        _catch_up(path)

    return {
        "rebuild, 1 process": partial(_rebuild, 1),
        "rebuild, 2 processes": partial(_rebuild, 2),
        "rebuild over a full read model": rebuild_twice,
        "catch-up of the last events after a rebuild": catch_up_after_rebuild,
        "catch-up of the whole log": _catch_up,
    }


def project_rows(path: Path, out: Path) -> None:
    """Project copies of the history every way; keep the rows of each."""
    cut = json.loads(path.with_suffix(".json").read_text())["cut"]
    found: dict[str, Rows] = {}
    with tempfile.TemporaryDirectory(prefix="rows-", dir=path.parent) as workdir:
        for name, project in scenarios(cut).items():
            copy = _copy(path, Path(workdir))
            started = time.perf_counter()
            project(copy)
            took = time.perf_counter() - started
            found[name] = _rows_of(copy)
            count = sum(len(rows) for rows in found[name].values())
            print(f"{name}: {count:,} rows in {len(found[name])} tables ({took:.1f} s)")
    out.write_bytes(pickle.dumps(found))
    first, *others = found
    same = all(_differences(found[first], found[other]) == [] for other in others)
    print("every way gives the same rows" if same else "the ways DIFFER (see compare)")


def _differences(a: Rows, b: Rows) -> list[str]:
    found = []
    for table in sorted(set(a) | set(b)):
        left, right = a.get(table), b.get(table)
        if left == right:
            continue
        if left is None or right is None:
            found.append(f"{table}: only in {'the second' if left is None else 'the first'}")
            continue
        only_left = set(left) - set(right)
        only_right = set(right) - set(left)
        found.append(
            f"{table}: {len(left):,} rows vs {len(right):,}; {len(only_left)} only in the "
            f"first, {len(only_right)} only in the second; e.g. "
            f"{sorted(only_left, key=repr)[:1]} / {sorted(only_right, key=repr)[:1]}"
        )
    return found


def compare(before: Path, after: Path) -> bool:
    """Print, scenario by scenario, whether the two files hold the same rows."""
    a, b = pickle.loads(before.read_bytes()), pickle.loads(after.read_bytes())
    same = True
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            print(f"{name}: only in {'the first' if name in a else 'the second'}")
            same = False
            continue
        problems = _differences(a[name], b[name])
        rows = sum(len(r) for r in a[name].values())
        print(f"{name}: " + ("same rows" if not problems else "DIFFERENT") + f" ({rows:,})")
        for problem in problems:
            print(f"  {problem}")
        same = same and not problems
    return same


def main() -> None:
    """Parse the command and run it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    history = commands.add_parser("history", help="write a history to project")
    history.add_argument("path", type=Path)
    history.add_argument("--size", type=int, default=100_000)
    history.add_argument("--more", type=int, default=10_000)
    rows = commands.add_parser("rows", help="project it every way, keep the rows")
    rows.add_argument("path", type=Path)
    rows.add_argument("out", type=Path)
    both = commands.add_parser("compare", help="compare the rows of two `rows` runs")
    both.add_argument("before", type=Path)
    both.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "history":
        write_history(args.path, args.size, args.more)
    elif args.command == "rows":
        project_rows(args.path, args.out)
    elif not compare(args.before, args.after):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
