"""An import from start to report: read the file, check and prepare every row, then save
the prepared records in batches (hundreds of rows a transaction, not one per row).

Every row is checked before anything is saved: with errors, nothing is saved unless
`partial` (then the good rows are), and a dry run saves nothing. A batch that fails to save
(a lost connection, someone changing a record meanwhile) leaves the batches before it
saved; importing the same file again then finishes the work, since rows already imported
find their records and add nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tracker.accounts import User
from tracker.imports.mapping import MappingError, mapping_for, narrowed
from tracker.imports.plan import Plan, RowError, make_plan
from tracker.imports.reading import FileRefused, read_table
from tracker.store import RecordStore

BATCH = 500  # rows saved per transaction

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class Options:
    kind: str
    mapping: str | None = None  # TOML text; None: the tracker's own export format
    coalition: str | None = None
    dry_run: bool = False
    partial: bool = False
    by: str = "operator"
    user: User | None = None

    @classmethod
    def asked(cls, asked: Mapping[str, Any], user: User, **given: Any) -> Options:
        """The options an import was asked for (a form's or a stored import's `kind`,
        `mapping`, `coalition`, `dry_run` and `partial`, unless `given`), run as `user`."""
        named = ("kind", "mapping", "coalition", "dry_run", "partial")
        taken = {name: asked[name] for name in named if name not in given}
        return cls(**taken, **given, by=user.id, user=user)


def run_import(
    store: RecordStore, data: bytes, options: Options, progress: Progress | None = None
) -> dict[str, Any]:
    """Import the file's rows; the report `{rows, created, updated, unchanged, errors}`."""
    try:
        mapping = mapping_for(options.kind, options.mapping)
        table = read_table(data, set() if mapping.own else mapping.columns)
        mapping = narrowed(mapping, table.header)
    except (MappingError, FileRefused) as refused:
        return report(Plan(errors=[RowError(0, None, str(refused))]), saved=False)
    today = datetime.now(UTC).date()
    plan = make_plan(
        store,
        mapping,
        table,
        by=options.by,
        user=options.user,
        coalition=options.coalition,
        today=today,
        progress=None
        if progress is None
        else lambda done, total: progress("checking", done, total),
    )
    if options.dry_run or (plan.errors and not options.partial):
        return report(plan, saved=options.dry_run)
    for start in range(0, len(plan.prepared), BATCH):
        batch = plan.prepared[start : start + BATCH]
        store.save_batch([p.record for p in batch if p.new], [p.record for p in batch if not p.new])
        if progress is not None:
            progress("saving", start + len(batch), len(plan.prepared))
    return report(plan, saved=True)


def report(plan: Plan, *, saved: bool) -> dict[str, Any]:
    """The JSON report: what was (or, in a dry run, would be) created, updated and left
    unchanged, and every error (row 0: the file or the mapping as a whole)."""
    return {
        "rows": plan.rows,
        "created": plan.created if saved else 0,
        "updated": plan.updated if saved else 0,
        "unchanged": plan.unchanged,
        "errors": [error.as_json() for error in plan.errors],
    }
