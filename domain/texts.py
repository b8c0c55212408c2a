"""What a stored text may hold: the one rule every path into the store shares.

PostgreSQL cannot store NUL in text, lone surrogates cannot be encoded as UTF-8, and other
control characters only hide what a text says; so every text of every event refuses them
(tab, line feed and carriage return are text). Lengths keep pages light and rows bounded.
"""

from __future__ import annotations

import re

NAME = 300  # a code, name, title or external id
LABEL = 1_000  # an institution, role, group, target, producer or location
PROSE = 20_000  # a commitment's text, a summary, description, note, reason or comment
MAX_ITEMS = 200  # items in a list

# C0 but tab, line feed and carriage return; DEL; C1; and the surrogate code points, which a
# str holds only when they are lone (from JSON `"\ud800"` escapes, for instance).
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def unsafe_characters(value: str) -> str | None:
    """How the first character no text may hold is written (`U+0000`), or None."""
    found = UNSAFE.search(value)
    return None if found is None else f"U+{ord(found.group()):04X}"
