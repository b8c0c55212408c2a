"""Reading the file of an import: a comma-separated UTF-8 table whose header names every
column the mapping reads. Whatever else arrives is refused whole, with what to do about it,
before any row is looked at."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

MAX_BYTES = 32 * 1024 * 1024  # an import of more is split into several files


class FileRefused(ValueError):
    """A file an import cannot read, with what to do about it."""


@dataclass(frozen=True)
class Table:
    """The file's header and its rows, each {column: text}, numbered from 1 (the first row
    after the header)."""

    header: list[str]
    rows: list[dict[str, str]]
    too_long: frozenset[int] = frozenset()  # rows with more cells than the header


def read_table(data: bytes, columns: set[str]) -> Table:
    """The table in `data`, which must have every column in `columns`; FileRefused if not."""
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"the file is {len(data) / 1024 / 1024:.1f} MB; an import takes at most "
            f"{MAX_BYTES // 1024 // 1024} MB: split it into several files"
        )
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark, as spreadsheets write, is fine
    except UnicodeDecodeError as error:
        raise FileRefused(
            f"the file is not UTF-8 text (byte {error.start + 1} cannot be read): save it "
            "as “CSV UTF-8” and import it again"
        ) from None
    if not text.strip():
        raise FileRefused("the file is empty: it needs a header row and at least one row")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        lines = [line for line in reader if any(cell.strip() for cell in line)]
    except csv.Error as error:
        raise FileRefused(f"the file is not valid CSV (line {reader.line_num}): {error}") from None
    if len(header) == 1 and ";" in header[0]:
        raise FileRefused(
            "the file's columns are separated by semicolons; save it as comma-separated CSV"
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise FileRefused(f"the header names a column twice: {', '.join(map(repr, repeated))}")
    missing = sorted(columns - set(header))
    if missing:
        raise FileRefused(
            "the file has no column "
            + ", ".join(repr(name) for name in missing)
            + ", which the mapping reads; its columns are: "
            + ", ".join(repr(name) for name in header)
        )
    if not lines:
        raise FileRefused("the file has a header but no rows")
    rows = []
    for line in lines:
        cells = line + [""] * (len(header) - len(line))
        rows.append(dict(zip(header, cells[: len(header)], strict=True)))
    too_long = frozenset(n for n, line in enumerate(lines, start=1) if len(line) > len(header))
    return Table(header, rows, too_long)
