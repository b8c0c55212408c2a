"""`tracker import KIND FILE.csv [--mapping M.toml] [--coalition CODE] [--dry-run]
[--partial] [--as USER]`: its last line of standard output is the JSON report; it exits 0
when no row was refused, 1 otherwise; a progress bar goes to standard error."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from tracker.accounts import find_user
from tracker.composition import Services
from tracker.imports.run import Options, run_import
from tracker.ledger.commands import progress_bar


class ImportRefused(ValueError):
    """An import the command cannot start (an unreadable file, an unknown user)."""


def import_command(
    services: Services,
    kind: str,
    path: str,
    *,
    mapping: str | None = None,
    coalition: str | None = None,
    dry_run: bool = False,
    partial: bool = False,
    as_user: str | None = None,
    out: TextIO | None = None,
) -> int:
    """Run the import; print the report as the last line; the exit code."""
    user = None
    if as_user is not None:
        user = find_user(services.engine, as_user)
        if user is None or user.disabled:
            raise ImportRefused(f"no user named {as_user!r} may import")
    try:
        data = Path(path).read_bytes()
        text = None if mapping is None else Path(mapping).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRefused(f"cannot read {error}") from None
    options = Options(
        kind=kind,
        mapping=text,
        coalition=coalition.strip().lower() if coalition else None,
        dry_run=dry_run,
        partial=partial,
        by=user.id if user else "operator",
        user=user,
    )
    with progress_bar("importing") as progress:
        answer = run_import(
            services.tracker, data, options, lambda stage, done, total: progress(done, total)
        )
    print(json.dumps(answer, ensure_ascii=False), file=out or sys.stdout)
    return 1 if answer["errors"] else 0
