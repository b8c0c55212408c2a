"""What `tracker projections status`, `tracker projections rebuild` and `tracker worker` do.

Plain functions of the services and the options, so the CLI only parses and calls them.
"""

from __future__ import annotations

import json
import os
import time
from functools import partial
from typing import Any

from redis import Redis
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text
from rq import SimpleWorker
from rq.serializers import JSONSerializer

from projections import runner
from projections.catalogue import NAMES, chosen
from tracker.composition import Services, catch_up_queue, open_store, setup_lock


def cores() -> int:
    """How many processes a rebuild shares projections out between unless told: one a core."""
    return os.cpu_count() or 1


class NoRedis(RuntimeError):
    """`tracker worker` needs REDIS_URL."""


def projections_status(
    services: Services, *, as_json: bool = False, console: Console | None = None
) -> dict[str, Any]:
    """Print each projection's position and lag behind the store (a table, or JSON)."""
    status = runner.status(services.tracker, services.engine)
    console = console or Console()
    if as_json:
        console.out(json.dumps(status), highlight=False)
        return status
    table = Table(title=f"Projections (events in the store: {status['head']:,})")
    table.add_column("projection")
    table.add_column("position", justify="right")
    table.add_column("lag", justify="right")
    table.add_column("version", justify="right")
    for name, state in status["projections"].items():
        version = str(state["version"]) + (" (outdated: rebuild it)" if state["outdated"] else "")
        table.add_row(name, f"{state['position']:,}", f"{state['lag']:,}", version)
    console.print(table)
    return status


def rebuild_outdated(
    services: Services, *, processes: int = 1, console: Console | None = None
) -> list[str]:
    """Rebuild the projections whose tables an older version of their handlers built
    (catch-up leaves those alone); answer their names. Run before serving, by one process
    at a time: others starting meanwhile wait, then find nothing left to rebuild."""
    console = console or Console()
    with setup_lock(services.settings):
        names = runner.outdated(services.engine)
        for name in names:
            console.print(f"{name}: its tables were built by an older version; rebuilding")
            rebuild_projections(services, name, processes=processes, console=console)
    return names


class EventsPerSecond(ProgressColumn):
    """How fast events are being applied."""

    def render(self, task: Task) -> Text:
        """`12,345 events/s`."""
        speed = task.finished_speed or task.speed
        return Text("… events/s" if speed is None else f"{speed:,.0f} events/s")


def rebuild_projections(
    services: Services,
    name: str | None = None,
    *,
    processes: int = 1,
    console: Console | None = None,
) -> int:
    """Rebuild one projection (or all) from the store with a progress bar; answer the
    position reached. Safe while the app serves: the new tables are swapped in at the end.
    With `processes` > 1, projections are shared out between as many processes (the bar
    follows this one's). UnknownProjection for a name that is none of `NAMES`."""
    names = None if name is None else [name]
    rebuilt = [p.name for p in chosen(names)]
    console = console or Console()
    started = time.perf_counter()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        EventsPerSecond(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task(f"rebuilding {', '.join(rebuilt)}", total=None)

        def advance(position: int, head: int) -> None:
            progress.update(task, completed=position, total=head)

        position = runner.rebuild(
            services.tracker,
            services.engine,
            names,
            progress=advance,
            processes=processes,
            opener=partial(open_store, services.settings),
        )
    seconds = time.perf_counter() - started
    console.print(
        f"rebuilt {', '.join(rebuilt)} from {position:,} events in {seconds:.1f} s"
        f" ({position / seconds if seconds else 0:,.0f} events/s)"
    )
    return position


def run_worker(services: Services, *, burst: bool = False) -> bool:
    """Serve the `tracker` queue on REDIS_URL, jobs running in this process with these
    services (preloaded, so a job costs no start-up). With `burst`, stop once it is empty."""
    if not services.settings.redis_url:
        raise NoRedis(
            "tracker worker needs REDIS_URL (without it, projections catch up in-process)"
        )
    from workers import jobs  # the edge: imported only by the command that runs it

    rebuild_outdated(services)
    jobs.use(services)
    connection = Redis.from_url(services.settings.redis_url)
    queue = catch_up_queue(connection)
    worker = SimpleWorker([queue], connection=connection, serializer=JSONSerializer)
    return bool(worker.work(burst=burst, logging_level="INFO"))


__all__ = [
    "NAMES",
    "NoRedis",
    "cores",
    "projections_status",
    "rebuild_outdated",
    "rebuild_projections",
    "run_worker",
]
