"""`tracker verify` and `tracker export audit-pack`: the ledger at the command line.

Both print a progress bar on standard error and their result as the last line of standard
output; `verify` exits 0 when the chain (or pack) holds and 1 where it breaks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from tracker.composition import Services
from tracker.ledger.links import Head
from tracker.ledger.packs import PackError, verify_pack, write_pack
from tracker.ledger.verify import Verdict, verify


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on standard error, told (done, total)."""
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    task = bar.add_task(label, total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=max(total, done))


def verify_store(services: Services, head: Head | None, out: TextIO | None = None) -> int:
    """`tracker verify [--head P:H]` on the store: the exit code."""
    with progress_bar("verifying") as progress:
        verdict = verify(services.tracker.ledger, head, progress)
    return _report(verdict, out)


def verify_pack_file(path: str, head: Head | None, out: TextIO | None = None) -> int:
    """`tracker verify --pack FILE.zip [--head P:H]`, with no database: the exit code."""
    try:
        verdict = verify_pack(path, head)
    except PackError as error:
        verdict = Verdict(0, None, None, str(error))
    return _report(verdict, out)


def _report(verdict: Verdict, out: TextIO | None) -> int:
    print(verdict, file=out or sys.stdout)
    return 0 if verdict.ok else 1


def export_pack(
    services: Services, output: str, coalition: str | None, err: TextIO | None = None
) -> int:
    """`tracker export audit-pack -o FILE.zip [--coalition CODE]`: the exit code. The file
    appears whole or not at all (written beside it, then renamed)."""
    key = None if coalition is None else services.tracker.coalition_id(coalition.strip().lower())
    code = None if key is None else coalition.strip().lower()  # type: ignore[union-attr]
    partial = f"{output}.partial"
    try:
        with open(partial, "wb") as file, progress_bar("packing") as progress:
            manifest = write_pack(
                services, file, coalition=key, coalition_code=code, progress=progress
            )
        os.replace(partial, output)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    print(
        f"wrote the audit pack to {output}: {manifest['events']} events; head {manifest['head']}",
        file=err or sys.stderr,
    )
    return 0
