"""Imports started over HTTP or from a page, kept in SQL while and after they run: who
started which, the uploaded file until the job has read it, how far the job has got, and
its report (DESIGN.md, "Import").

An import is `queued` when started, `running` once a job has claimed it, then `done` (its
report, errors included: a refused file is a report with one error on row 0) or `failed`
(the job itself broke: `message` says how; rows saved in batches before the break stay
saved, and importing the same file again finishes the work without duplicates).

A job claims its import with one conditional UPDATE (queued → running), so the same import
never runs twice, even if its job is delivered twice. A job found `running` by anyone
else is never taken over: the process running it may still be alive. Instead, while
running, a job writes its progress (and so `updated_at`) every few hundred rows; one whose
`updated_at` is older than ABANDONED (its process died: a crash, a kill, a lost machine)
is reported `failed` the next time it is read, and its file is dropped. A dry run keeps its
file after it ran, so that the page can show its first rows and start the real import from
it; files of dry runs older than KEEP_DRY_RUNS are dropped when the next import starts.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    select,
)

from tracker.accounts import User, find_user
from tracker.imports.reading import MAX_BYTES, FileRefused, read_table
from tracker.imports.reading import Table as CsvTable
from tracker.imports.run import Options, run_import
from tracker.store import RecordStore

ABANDONED = timedelta(minutes=15)  # a running job writes its progress far more often
KEEP_DRY_RUNS = timedelta(days=1)
PROGRESS_EVERY = 0.5  # seconds between two writes of a job's progress
STATUSES = ("queued", "running", "done", "failed")

log = logging.getLogger(__name__)

metadata = MetaData()

imports = Table(
    "imports",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("started_by", String(36), nullable=False, index=True),  # the user's id
    Column("user_name", String(100), nullable=False),
    Column("coalition", String(300), nullable=True),  # a code, as Options takes it
    Column("dry_run", Boolean, nullable=False),
    Column("partial", Boolean, nullable=False),
    Column("status", String(10), nullable=False),
    Column("stage", String(10), nullable=True),  # checking, saving (while running)
    Column("rows", Integer, nullable=False, default=0),
    Column("done", Integer, nullable=False, default=0),
    Column("created", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("errors", JSON, nullable=False),
    Column("message", Text, nullable=True),  # why a job failed
    Column("mapping", Text, nullable=True),  # TOML text, kept with the import
    Column("data", LargeBinary, nullable=True),  # the file, until the job has read it
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Index("ix_imports_created_at", "created_at"),
)


@dataclass(frozen=True)
class Import:
    """An import's state, as its reader sees it (the file itself stays in the table)."""

    id: str
    kind: str
    started_by: str
    coalition: str | None
    dry_run: bool
    partial: bool
    status: str
    stage: str | None
    rows: int
    done: int
    created: int
    updated: int
    unchanged: int
    errors: list[dict[str, Any]] = field(default_factory=list)
    message: str | None = None
    created_at: datetime | None = None
    finished_at: datetime | None = None
    has_file: bool = False

    @property
    def finished(self) -> bool:
        """Whether the job has ended, well or not."""
        return self.status in ("done", "failed")

    def as_json(self) -> dict[str, Any]:
        """The answer of `GET /imports/<id>`."""
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "stage": self.stage,
            "rows": self.rows,
            "done": self.done,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": self.errors,
        }


def start(
    engine: Engine,
    user: User,
    options: Options,
    data: bytes,
) -> Import:
    """Keep a new import (`queued`) with its file; a file over MAX_BYTES is not kept but
    reported at once (`done`, the reading's error on row 0), as the engine would."""
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "kind": options.kind,
        "started_by": user.id,
        "user_name": user.name,
        "coalition": options.coalition,
        "dry_run": options.dry_run,
        "partial": options.partial,
        "status": "queued",
        "errors": [],
        "mapping": options.mapping,
        "data": data,
        "created_at": now,
        "updated_at": now,
    }
    if len(data) > MAX_BYTES:
        try:
            read_table(data, set())
        except FileRefused as refused:  # always: the size is the first thing it checks
            values |= _finished("done", errors=[{"row": 0, "field": None, "message": str(refused)}])
    with engine.begin() as connection:
        connection.execute(
            imports.update()
            .where(imports.c.dry_run.is_(True), imports.c.created_at < now - KEEP_DRY_RUNS)
            .values(data=None)
        )
        connection.execute(imports.insert().values(**values))
    found = find(engine, values["id"])
    assert found is not None
    return found


def again(engine: Engine, dry_run: Import, *, partial: bool) -> Import | None:
    """The real import of the file a dry run checked (None: the file is no longer kept)."""
    with engine.connect() as connection:
        row = connection.execute(
            select(
                imports.c.data, imports.c.mapping, imports.c.user_name, imports.c.started_by
            ).where(imports.c.id == dry_run.id)
        ).first()
    user = None if row is None else find_user(engine, row.user_name)
    if row is None or row.data is None or user is None or user.id != row.started_by:
        return None
    options = Options(
        kind=dry_run.kind,
        mapping=row.mapping,
        coalition=dry_run.coalition,
        partial=partial,
        by=user.id,
        user=user,
    )
    return start(engine, user, options, row.data)


def find(engine: Engine, import_id: str) -> Import | None:
    """The import with this id, if any; one whose job stopped giving news is `failed`."""
    with engine.connect() as connection:
        row = connection.execute(_columns().where(imports.c.id == import_id)).mappings().first()
    if row is None:
        return None
    if row["status"] == "running" and _aware(row["updated_at"]) < datetime.now(UTC) - ABANDONED:
        message = (
            "the process running this import stopped without finishing it; "
            "import the file again: rows already imported add nothing"
        )
        _end(engine, import_id, "running", _finished("failed", message=message))
        return find(engine, import_id)
    return _import(row)


def recent(engine: Engine, started_by: str | None, most: int = 20) -> list[Import]:
    """The latest imports, newest first: those one user started, or everyone's (None)."""
    query = _columns().order_by(imports.c.created_at.desc(), imports.c.id).limit(most)
    if started_by is not None:
        query = query.where(imports.c.started_by == started_by)
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [_import(row) for row in rows]


def preview(engine: Engine, import_id: str, count: int = 10) -> CsvTable | None:
    """The first rows of a kept file as read (None when it is not kept); FileRefused when
    it cannot be read at all."""
    with engine.connect() as connection:
        data = connection.execute(
            select(imports.c.data).where(imports.c.id == import_id)
        ).scalar_one_or_none()
    if data is None:
        return None
    table = read_table(data, set())
    return CsvTable(table.header, table.rows[:count], table.too_long)


def run(store: RecordStore, engine: Engine, import_id: str) -> str:
    """Run a queued import and keep its report; answer its status at the end.

    Never lets an error out: a job that breaks marks its import `failed` with a message
    (the traceback goes to the log), so it is never left `running`.
    """
    with engine.begin() as connection:
        claimed = connection.execute(
            imports.update()
            .where(imports.c.id == import_id, imports.c.status == "queued")
            .values(status="running", stage="checking", updated_at=datetime.now(UTC))
        ).rowcount
        row = (
            connection.execute(select(imports).where(imports.c.id == import_id)).mappings().first()
        )
    if not claimed or row is None:
        log.warning("import %s is not queued (or not known): not run again", import_id)
        return "unknown" if row is None else str(row["status"])
    try:
        report = run_import(
            store, row["data"] or b"", _options(engine, row), _progress(engine, import_id)
        )
    except Exception as error:
        log.exception("import %s failed", import_id)
        message = f"the import stopped: {type(error).__name__}: {error}"
        _end(
            engine, import_id, "running", _finished("failed", message=message, keep=row["dry_run"])
        )
        return "failed"
    counts = {key: report[key] for key in ("rows", "created", "updated", "unchanged")}
    ended = _finished("done", errors=report["errors"], keep=row["dry_run"])
    _end(engine, import_id, "running", ended | counts | {"done": counts["rows"]})
    return "done"


def fail(engine: Engine, import_id: str, message: str) -> None:
    """Mark a queued import `failed` (it could not be handed to a job)."""
    _end(engine, import_id, "queued", _finished("failed", message=message))


def _options(engine: Engine, row: Any) -> Options:
    user = find_user(engine, row["user_name"])
    if user is None or user.id != row["started_by"] or user.disabled:
        raise PermissionError("the user who started this import may no longer import")
    return Options.asked(row, user)


def _progress(engine: Engine, import_id: str) -> Any:
    """The engine's progress callback: writes the stage and the count at most every
    PROGRESS_EVERY seconds (and at each stage's start), so a big file costs few writes."""
    last: dict[str, Any] = {"stage": "checking", "at": 0.0}

    def progress(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == last["stage"] and now - last["at"] < PROGRESS_EVERY and done < total:
            return
        last.update(stage=stage, at=now)
        values: dict[str, Any] = {"stage": stage, "done": done, "updated_at": datetime.now(UTC)}
        if stage == "checking":
            values["rows"] = total
        with engine.begin() as connection:
            connection.execute(
                imports.update()
                .where(imports.c.id == import_id, imports.c.status == "running")
                .values(**values)
            )

    return progress


def _finished(
    status: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    message: str | None = None,
    keep: bool = False,
) -> dict[str, Any]:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "status": status,
        "stage": None,
        "message": message,
        "updated_at": now,
        "finished_at": now,
    }
    if message is not None:  # a failure is told where a client reads errors: on row 0
        errors = [{"row": 0, "field": None, "message": message}]
    if errors is not None:
        values["errors"] = errors
    if not keep:
        values["data"] = None
    return values


def _end(engine: Engine, import_id: str, status: str, values: dict[str, Any]) -> None:
    with engine.begin() as connection:
        connection.execute(
            imports.update()
            .where(imports.c.id == import_id, imports.c.status == status)
            .values(**values)
        )


def _columns() -> Any:
    shown = [c for c in imports.c if c.name not in ("data", "mapping")]
    return select(*shown, imports.c.data.is_not(None).label("has_file"))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _import(row: Any) -> Import:
    errors = row["errors"]
    if isinstance(errors, str):  # a JSON column some drivers hand back as text
        errors = json.loads(errors)
    return Import(
        id=row["id"],
        kind=row["kind"],
        started_by=row["started_by"],
        coalition=row["coalition"],
        dry_run=bool(row["dry_run"]),
        partial=bool(row["partial"]),
        status=row["status"],
        stage=row["stage"],
        rows=row["rows"] or 0,
        done=row["done"] or 0,
        created=row["created"] or 0,
        updated=row["updated"] or 0,
        unchanged=row["unchanged"] or 0,
        errors=list(errors or []),
        message=row["message"],
        created_at=_aware(row["created_at"]),
        finished_at=None if row["finished_at"] is None else _aware(row["finished_at"]),
        has_file=bool(row["has_file"]),
    )
