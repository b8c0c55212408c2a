"""A record's fields as a form shows them, so a correction starts from what is on record.

The inverse of web.pages.forms.shapes: lists typed one a line or with commas go back to lines
or commas, nested fields to their paths (`made_by.institution`), rows to numbered paths
(`decision_makers.0.role`), dates to `YYYY-MM-DD`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from werkzeug.datastructures import MultiDict

# Lists typed one item a line (items may hold commas); other lists of text take commas.
LINES = frozenset({"locations", "producers", "asks", "targets"})
# Lists chosen with checkboxes.
CHOSEN = frozenset({"disaggregation", "evidence", "advocacy_inputs", "commitments"})


def form_values(fields: Mapping[str, Any], names: Iterable[str]) -> MultiDict[str, str]:
    """The named fields of a record as the values of its form."""
    values: MultiDict[str, str] = MultiDict()
    for name in names:
        _add(values, name, fields.get(name))
    return values


def _add(values: MultiDict[str, str], path: str, value: Any) -> None:
    name = path.rsplit(".", 1)[-1]
    if value is None:
        return
    if isinstance(value, bool):
        if value:
            values.add(path, "on")
    elif isinstance(value, date):
        values.add(path, value.isoformat())
    elif path == "participants":
        values.add("participants.total", str(value.get("total", "")))
        by_group = value.get("by_group") or {}
        values.add("participants.by_group", "\n".join(f"{g}: {n}" for g, n in by_group.items()))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _add(values, f"{path}.{key}", item)
    elif isinstance(value, list) and value and isinstance(value[0], Mapping):
        for index, row in enumerate(value):
            _add(values, f"{path}.{index}", row)
    elif isinstance(value, list):
        if name in CHOSEN:
            for item in value:
                values.add(path, str(item))
        else:
            values.add(path, ("\n" if name in LINES else ", ").join(map(str, value)))
    else:
        values.add(path, str(value))
