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
from tracker.cells import undefused
from tracker.errors import RecordNotFound
from tracker.imports.mapping import Mapping
from tracker.imports.reading import Table
from tracker.permissions import may_write
from tracker.store import RecordStore

LIST_SEPARATOR = ";"
External = dict[str, str]  # a record's external_ref: {"system", "id"}, where else it is known


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
    seen: dict[tuple[str, ...], int] = {}
    for number, row in enumerate(table.rows, start=1):
        try:
            if number in table.too_long:
                raise _RowProblems([(None, "has more cells than the header has columns")])
            values, external, source = _values(mapping, row, coalition)
            names = _names(values, external)
            for name, field_name in names:
                if name in seen:
                    message = f"names the same record as row {seen[name]}"
                    raise _RowProblems([(field_name, message)])
            seen.update((name, number) for name, _ in names)
            prepared = _prepare(store, mapping, values, external, source, by, user, today)
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


def _names(values: dict[str, Any], external: External | None) -> list[tuple[tuple[str, ...], str]]:
    """The names by which a row finds its record (its id, its external reference), each
    with the field an error about it names: two rows of one file may not share one."""
    names: list[tuple[tuple[str, ...], str]] = []
    if "id" in values:
        names.append((("id", str(values["id"])), "id"))
    if external is not None:
        names.append((("external", external["system"], external["id"]), "external_id"))
    return names


def _values(
    mapping: Mapping, row: dict[str, str], coalition: str | None
) -> tuple[dict[str, Any], External | None, dict[str, str] | None]:
    """The row's tracker fields (empty cells left out), its external reference and its
    `source`."""
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
    # The tracker's own export names each row's system; a mapping, every row's.
    system = values.pop("external_system", None) or mapping.external_system
    external = None
    if "external_id" in values:
        if system is None:
            problems.append(("external_system", "is needed with external_id"))
        else:
            external = {"system": str(system), "id": str(values["external_id"])}
    elif mapping.own and system is not None:
        problems.append(("external_id", "is needed with external_system"))
    if problems:
        raise _RowProblems(problems)
    kept = set(mapping.fields.values()) | mapping.ignored
    source = {k: v for k, v in row.items() if k not in kept and v.strip()} or None
    return values, external, source


def _read(mapping: Mapping, name: str, text: str) -> Any:
    """A cell's text as the field's type; ValueError saying what was expected."""
    kind = "id" if name == "id" else mapping.kind.fields.get(name, "text")
    if mapping.own and kind not in ("list", "ids"):
        text = undefused(text)  # a list's items are each defused (tracker.exports.cell)
    if kind == "date":
        for pattern in mapping.dates:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"{text!r} is not a date in a format the mapping names")
    if kind == "list":
        return _read_list(text, mapping.own)
    if kind == "id":
        try:
            return UUID(text)
        except ValueError:
            raise ValueError(f"{text!r} is not an id") from None
    if kind == "ids":
        return [_read(mapping, "id", item) for item in _read_list(text, mapping.own)]
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


def _read_list(text: str, own: bool = False) -> list[str]:
    items = [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
    return [undefused(item) for item in items] if own else items


def _prepare(
    store: RecordStore,
    mapping: Mapping,
    values: dict[str, Any],
    external: External | None,
    source: dict[str, str] | None,
    by: str,
    user: User | None,
    today: date,
) -> Prepared | None:
    kind = mapping.kind
    existing = _existing(store, mapping, values, external)
    try:
        if existing is None:
            fields = kind.create(values)
            coalition = store.coalition_id(fields["coalition"]) if fields["coalition"] else None
            _may(user, kind.record, "create", coalition)
            if external is not None:
                fields["external_ref"] = external
            fields = {**fields, "recorded_by": by, "source": source}
            if fields.get("occurred_on") is None and "occurred_on" not in kind.cls.OPTIONAL:
                fields["occurred_on"] = today
            _check_dialogue(store, fields.get("dialogue"))
            record_id = values.get("id")  # kept, so records linking to it by id find it
            if record_id is not None and store._exists(record_id):
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
        if external is not None and existing.external_ref != external:
            raise _RowProblems([("external_id", "a record's external reference cannot change")])
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
    store: RecordStore,
    mapping: Mapping,
    values: dict[str, Any],
    external: External | None,
) -> Record | None:
    """The record the row names: by its id, else by its external reference (an export of
    another store finds the records an earlier import of the same source made here)."""
    kind = mapping.kind
    if "id" in values:
        try:
            return store._load(kind.cls, values["id"], None)
        except RecordNotFound:
            pass  # an export of another store: found by its external reference, or made anew
    if external is None:
        return None
    found = store.find_by_external_ref(kind.record, external["system"], external["id"])
    return None if found is None else store._load(kind.cls, found, None)


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
