"""Every row of an import checked and prepared, nothing saved: a new record built, or an
existing one (found by `id` or by its external reference) given the events its changed
cells mean, all in memory. Each problem is a row error naming the row (1 = the first row
after the header) and the tracker field."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from domain.dialogues import Dialogue
from domain.errors import DomainError, IllegalTransition, InvalidRecord, RecordClosed
from domain.records import Record
from tracker.accounts import User
from tracker.errors import RecordNotFound
from tracker.imports.mapping import Mapping
from tracker.imports.reading import Table
from tracker.permissions import may_write
from tracker.store import RecordStore

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class RowError:
    row: int
    field: str | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class Prepared:
    """A row's record, new or changed, with its events pending."""

    row: int
    record: Record
    new: bool


@dataclass
class Plan:
    rows: int = 0
    prepared: list[Prepared] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for p in self.prepared if p.new)

    @property
    def updated(self) -> int:
        return sum(1 for p in self.prepared if not p.new)


class _RowProblems(Exception):
    def __init__(self, errors: Iterable[tuple[str | None, str]]) -> None:
        super().__init__()
        self.errors = list(errors)


def make_plan(
    store: RecordStore,
    mapping: Mapping,
    table: Table,
    *,
    by: str,
    user: User | None = None,
    coalition: str | None = None,
    today: date,
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """Check and prepare every row; nothing is saved."""
    plan = Plan(rows=len(table.rows))
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(table.rows, start=1):
        try:
            if number in table.too_long:
                raise _RowProblems([(None, "has more cells than the header has columns")])
            values, identity, source = _values(mapping, row, coalition)
            if identity is not None:
                if identity in seen:
                    message = f"names the same record as row {seen[identity]}"
                    raise _RowProblems([(identity[0], message)])
                seen[identity] = number
            prepared = _prepare(store, mapping, values, identity, source, by, user, today)
        except _RowProblems as problems:
            plan.errors += [
                RowError(number, _field_named(mapping, name), text)
                for name, text in problems.errors
            ]
        else:
            if prepared is None:
                plan.unchanged += 1
            else:
                prepared.row = number
                plan.prepared.append(prepared)
        if progress is not None and number % 100 == 0:
            progress(number, len(table.rows))
    return plan


def _field_named(mapping: Mapping, name: str | None) -> str | None:
    """The tracker field an error names, as the mapping names it: `made_by.institution`
    where the record's rule speaks of `made_by`."""
    if name is None or name in mapping.fields or name in mapping.constants:
        return name
    parts = [field for field in mapping.fields if field.startswith(f"{name}.")]
    return parts[0] if len(parts) == 1 else name


def _values(
    mapping: Mapping, row: dict[str, str], coalition: str | None
) -> tuple[dict[str, Any], tuple[str, str] | None, dict[str, str] | None]:
    """The row's tracker fields (empty cells left out), its identity and its `source`."""
    values: dict[str, Any] = {}
    problems: list[tuple[str | None, str]] = []
    for name, column in mapping.fields.items():
        text = row[column].strip()
        if text in mapping.empty:
            continue
        table = mapping.values.get(name)
        if table is not None:
            if text not in table:
                known = ", ".join(repr(value) for value in table)
                problems.append((name, f"{text!r} is not a value the mapping knows ({known})"))
                continue
            text = table[text]
        try:
            values[name] = _read(mapping, name, text)
        except ValueError as error:
            problems.append((name, str(error)))
    for name, constant in mapping.constants.items():
        try:
            values[name] = _read(mapping, name, constant) if isinstance(constant, str) else constant
        except ValueError as error:
            problems.append((name, f"the mapping's constant: {error}"))
    if coalition is not None:
        named = values.get("coalition")
        if named is not None and str(named).lower() != coalition.lower():
            problems.append(("coalition", f"is {named!r}, but the import is into {coalition!r}"))
        values["coalition"] = coalition
    if problems:
        raise _RowProblems(problems)
    identity = None
    if "id" in values:
        identity = ("id", str(values["id"]))
    elif "external_id" in values:
        identity = ("external_id", str(values["external_id"]))
    kept = set(mapping.fields.values()) | mapping.ignored
    source = {k: v for k, v in row.items() if k not in kept and v.strip()} or None
    return values, identity, source


def _read(mapping: Mapping, name: str, text: str) -> Any:
    """A cell's text as the field's type; ValueError saying what was expected."""
    kind = "id" if name == "id" else mapping.kind.fields.get(name, "text")
    if kind == "date":
        for pattern in mapping.dates:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"{text!r} is not a date in a format the mapping names")
    if kind == "list":
        return _read_list(text)
    if kind == "id":
        try:
            return UUID(text)
        except ValueError:
            raise ValueError(f"{text!r} is not an id") from None
    if kind == "ids":
        return [_read(mapping, "id", item) for item in _read_list(text)]
    if kind == "int":
        if not (text.isascii() and text.isdigit()) or len(text) > 18:
            raise ValueError(f"{text!r} is not a whole number")
        return int(text)
    if kind == "decimal":
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{text!r} is not an amount") from None
    if kind == "bool":
        words = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
        if text.lower() not in words:
            raise ValueError(f"{text!r} is not true or false")
        return words[text.lower()]
    return text


def _read_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]


def _prepare(
    store: RecordStore,
    mapping: Mapping,
    values: dict[str, Any],
    identity: tuple[str, str] | None,
    source: dict[str, str] | None,
    by: str,
    user: User | None,
    today: date,
) -> Prepared | None:
    kind = mapping.kind
    existing = _existing(store, mapping, values, identity)
    try:
        if existing is None:
            fields = kind.create(values)
            coalition = store.coalition_id(fields["coalition"]) if fields["coalition"] else None
            _may(user, kind.record, "create", coalition)
            if identity is not None and identity[0] == "external_id":
                fields["external_ref"] = {"system": mapping.external_system, "id": identity[1]}
            fields = {**fields, "recorded_by": by, "source": source}
            if fields.get("occurred_on") is None and "occurred_on" not in kind.cls.OPTIONAL:
                fields["occurred_on"] = today
            _check_dialogue(store, fields.get("dialogue"))
            record_id = None
            if identity is not None and identity[0] == "id":
                record_id = values["id"]  # kept, so records linking to it by id find it
                if store._exists(record_id):
                    raise _RowProblems([("id", "names a record of another kind")])
            record = store._build(kind.cls, fields, record_id=record_id)
            linked = kind.references(fields)
            store._check_references(
                {name: ids for name, (ids, _) in linked.items()},
                {name: cls for name, (_, cls) in linked.items()},
            )
            kind.after_create(record, values, today, by)
            return Prepared(0, record, new=True)
        _may(user, kind.record, "correction", existing.coalition)  # type: ignore[attr-defined]
        if values.get("coalition") and store.coalition_id(values["coalition"]) != getattr(
            existing, "coalition", None
        ):
            raise _RowProblems([("coalition", "a record's coalition cannot change")])
        taken = kind.update(existing, values, today, by)
        return Prepared(0, existing, new=False) if taken else None
    except InvalidRecord as invalid:
        raise _RowProblems(
            (name, message) for name, messages in invalid.errors.items() for message in messages
        ) from None
    except RecordNotFound as missing:
        raise _RowProblems([("coalition", str(missing))]) from None
    except (IllegalTransition, RecordClosed) as refused:
        raise _RowProblems([("status", str(refused))]) from None
    except DomainError as refused:
        raise _RowProblems([(None, str(refused))]) from None


def _existing(
    store: RecordStore, mapping: Mapping, values: dict[str, Any], identity: tuple[str, str] | None
) -> Record | None:
    if identity is None:
        return None
    kind = mapping.kind
    if identity[0] == "external_id":
        assert mapping.external_system is not None
        found = store.find_by_external_ref(kind.record, mapping.external_system, identity[1])
        return None if found is None else store._load(kind.cls, found, None)
    try:
        return store._load(kind.cls, values["id"], None)
    except RecordNotFound:
        return None  # an export of another store: made anew here


def _check_dialogue(store: RecordStore, dialogue: UUID | None) -> None:
    if dialogue is None:
        return
    try:
        store._load(Dialogue, dialogue, None)
    except RecordNotFound as missing:
        raise _RowProblems([("dialogue", str(missing))]) from None


def _may(user: User | None, kind: str, action: str, coalition: UUID | None) -> None:
    if user is not None and not may_write(user, kind, action, coalition):
        raise _RowProblems([("coalition", "you may import only into coalitions you lead")])
