"""Text in a CSV cell that a spreadsheet would run as a formula, defused on the way out and
given back exactly on the way in (the tracker's own export is also an import's file)."""

from __future__ import annotations

# A cell starting with one of these is run as a formula by some spreadsheet (a tab or a
# carriage return is skipped by some before one of the others).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(text: str) -> str:
    """The text prefixed with `'` if a spreadsheet would run it; so is text that already
    starts with `'`s before such a start, so that `undefused` can tell the two apart."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def undefused(text: str) -> str:
    """The text `defused` was given: one `'` fewer before what a spreadsheet would run."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text
