"""The column mapping of an import, from TOML (DESIGN.md, "Import"):

    record = "commitments"
    external_system = "ogp-irm"          # external_ref.system for every row
    [fields]                             # tracker field = source column
    external_id = "Commitment Unique Identifier"
    [constants]                          # tracker field = value for every row
    [dates]
    formats = ["%m/%d/%Y", "%B %Y", "%Y-%m-%d"]   # tried in order; "%B %Y" means day 1
    [values.completion]                  # source value = tracker value
    [empty]
    values = ["", "NA", "ND", "NR"]      # read as empty

Without a mapping file, the file is the tracker's own export of the kind: each column is
the field of its name, and the columns the export derives (overdue, recorded_at...) are
read as nothing.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from typing import Any

from tracker.imports.kinds import ImportKind
from tracker.imports.more_kinds import IMPORT_KINDS

SECTIONS = {"record", "external_system", "fields", "constants", "dates", "values", "empty"}
DEFAULT_DATES = ("%Y-%m-%d",)
DEFAULT_EMPTY = ("",)
EXTERNAL = ("external_system", "external_id")  # columns of the own export naming a record


class MappingError(ValueError):
    """A mapping that cannot be used, with what to fix."""


@dataclass(frozen=True)
class Mapping:
    """Where each tracker field of a row comes from."""

    kind: ImportKind
    fields: dict[str, str]  # tracker field -> source column
    constants: dict[str, Any] = field(default_factory=dict)
    external_system: str | None = None
    dates: tuple[str, ...] = DEFAULT_DATES
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    empty: tuple[str, ...] = DEFAULT_EMPTY
    ignored: frozenset[str] = frozenset()  # columns neither mapped nor kept as `source`
    own: bool = False  # the tracker's own export: a column it lacks is a field not given

    @property
    def columns(self) -> set[str]:
        """The source columns the file must have."""
        return set(self.fields.values())


def own_export(kind: ImportKind) -> Mapping:
    """The mapping of the tracker's own export of a kind: export = import."""
    fields = {name: column for name, column in kind.export_columns.items()}
    fields.update({name: name for name in EXTERNAL})  # each row's own external reference
    ignored = frozenset(kind.derived_columns)
    return Mapping(kind=kind, fields=fields, ignored=ignored, own=True)


def narrowed(mapping: Mapping, header: list[str]) -> Mapping:
    """The own export's mapping, of the columns this file has; MappingError if it has none
    of them (then it is not such an export, and needs a mapping)."""
    if not mapping.own:
        return mapping
    fields = {name: column for name, column in mapping.fields.items() if column in header}
    if not set(fields) - {"id", *EXTERNAL}:
        raise MappingError(
            f"the file has none of the columns of the tracker's {mapping.kind.name} export "
            "(such as " + ", ".join(list(mapping.fields.values())[1:4]) + "): give a mapping"
        )
    return replace(mapping, fields=fields)


def load_mapping(text: str, kind: ImportKind) -> Mapping:
    """A mapping from TOML text, for an import of `kind`; MappingError naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise MappingError(f"the mapping is not valid TOML: {error}") from None
    unknown = sorted(set(data) - SECTIONS)
    if unknown:
        raise MappingError(f"the mapping has unknown entries: {', '.join(unknown)}")
    record = data.get("record", kind.name)
    if record != kind.name:
        raise MappingError(f"the mapping is for {record!r}, not {kind.name!r}")
    fields = _table(data, "fields")
    constants = _table(data, "constants")
    for name in (*fields, *constants):
        if name not in kind.fields and name not in ("external_id", "id"):
            raise MappingError(
                f"{name!r} is not a field of {kind.name}; they are: "
                + ", ".join(sorted(kind.fields))
            )
    if not all(isinstance(column, str) and column for column in fields.values()):
        raise MappingError("each entry of [fields] names a column of the file, as text")
    system = data.get("external_system")
    if system is not None and (not isinstance(system, str) or not system.strip()):
        raise MappingError("external_system must be a non-empty text")
    if "external_id" in fields and system is None:
        raise MappingError("a mapping with external_id needs external_system too")
    dates = _table(data, "dates").get("formats", list(DEFAULT_DATES))
    empty = _table(data, "empty").get("values", list(DEFAULT_EMPTY))
    if not _texts(dates) or not dates:
        raise MappingError("[dates] formats must be a list of strptime formats")
    if not _texts(empty):
        raise MappingError("[empty] values must be a list of texts")
    values = _table(data, "values")
    for name, table in values.items():
        if name not in fields or not isinstance(table, dict) or not _texts(list(table.values())):
            raise MappingError(f"[values.{name}] must map source texts of a mapped field")
    return Mapping(
        kind=kind,
        fields=dict(fields),
        constants=dict(constants),
        external_system=system,
        dates=tuple(dates),
        values={name: dict(table) for name, table in values.items()},
        empty=tuple(empty),
    )


def mapping_for(kind_name: str, text: str | None) -> Mapping:
    """The mapping an import of `kind_name` uses: the given TOML, else the own export's."""
    kind = IMPORT_KINDS.get(kind_name)
    if kind is None:
        raise MappingError(f"no import of {kind_name!r}; there are: {', '.join(IMPORT_KINDS)}")
    return own_export(kind) if text is None else load_mapping(text, kind)


def _table(data: dict[str, Any], name: str) -> dict[str, Any]:
    found = data.get(name, {})
    if not isinstance(found, dict):
        raise MappingError(f"[{name}] must be a table")
    return found


def _texts(values: Any) -> bool:
    return isinstance(values, list) and all(isinstance(value, str) for value in values)
