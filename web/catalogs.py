"""Compiled message catalogs (`.mo`) kept in step with their sources (`.po`).

`make run` and `make test` compile the catalogs; a process started another way (gunicorn
from the Procfile, `tracker serve` after a `git pull`) compiles any catalog that is missing
or older than its source when the app is made, so pages never fall back to English
silently. Where the package directory cannot be written, it says so in the log.
"""

from __future__ import annotations

import logging
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)


def compile_stale(directory: Path) -> list[Path]:
    """Compile each `<lang>/LC_MESSAGES/messages.po` whose `.mo` is missing or older; the
    catalogs compiled."""
    compiled = []
    for source in sorted(directory.glob("*/LC_MESSAGES/messages.po")):
        target = source.with_suffix(".mo")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        try:
            with source.open("rb") as po:
                catalog = read_po(po, locale=source.parent.parent.name)
            partial = target.with_suffix(".mo.tmp")
            with partial.open("wb") as mo:
                write_mo(mo, catalog)
            partial.replace(target)  # atomic: a concurrent process reads old or new
        except (OSError, ValueError) as error:  # unwritable, or a catalog that does not parse
            log.warning("cannot compile the catalog %s: %s", source, error)
            continue
        compiled.append(target)
    return compiled
