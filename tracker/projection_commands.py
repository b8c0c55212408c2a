"""What `tracker projections status`, `tracker projections rebuild` and `tracker worker` do.

Plain functions of the services and the options, so the CLI only parses and calls them.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from functools import partial
from typing import Any

from redis import Redis, RedisError
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
from rq.exceptions import StopRequested
from rq.serializers import JSONSerializer

from projections import runner
from projections.catalogue import NAMES, chosen
from tracker.composition import Services, catch_up_queue, catch_up_quietly, open_store, setup_lock
from tracker.reminders.schedule import schedule_reminders

log = logging.getLogger(__name__)
# How often a worker catches up on its own (seconds), whatever Redis says.
CATCH_UP_EVERY = 10
# The longest wait between two tries to reach Redis again (seconds); each wait catches up too.
REDIS_RETRY_MOST = 5.0
WORKER_TTL = 25  # seconds; RQ waits for a job at most 10 s of it at a time


def cores() -> int:
    """How many processes a rebuild shares projections out between unless told: one a core."""
    return os.cpu_count() or 1


class NoRedis(RuntimeError):
    """`tracker worker` needs REDIS_URL."""


def projections_status(
    services: Services, *, as_json: bool = False, console: Console | None = None
) -> dict[str, Any]:
    """Print each projection's position, lag behind the store, version and the event it
    failed on, if it did (a table, or JSON)."""
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
    table.add_column("error")
    for name, state in status["projections"].items():
        version = str(state["version"]) + (" (outdated: rebuild it)" if state["outdated"] else "")
        failure = state["error"]
        error = (
            f"failed on the event at {failure['position']:,}: {failure['error']}" if failure else ""
        )
        table.add_row(name, f"{state['position']:,}", f"{state['lag']:,}", version, error)
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


def run_worker(services: Services, *, burst: bool = False, every: float = CATCH_UP_EVERY) -> bool:
    """Serve the `tracker` queue on REDIS_URL, jobs running in this process with these
    services (preloaded, so a job costs no start-up). With `burst`, stop once it is empty.

    The worker outlives Redis: it catches the projections up itself when it starts and every
    `every` seconds (a thread of its own, whatever RQ is doing), and serves the queue again
    when Redis comes back, so a quiet period or a lost catch-up request never leaves the read
    models behind. Only a stop signal (SIGINT, SIGTERM) ends it.
    """
    url = services.settings.redis_url
    if not url:
        raise NoRedis(
            "tracker worker needs REDIS_URL (without it, projections catch up in-process)"
        )
    from workers import jobs  # the edge: imported only by the command that runs it

    rebuild_outdated(services)
    jobs.use(services)
    catch_up_quietly(services)
    if burst:  # enqueues scheduled jobs that are due, once, then serves them
        return bool(_serve_queue(url).work(burst=True, with_scheduler=True))
    timer = threading.Event()
    threading.Thread(target=_catch_up_every, args=(services, every, timer), daemon=True).start()
    wait, worker = 1.0, None
    try:
        while worker is None or not _stopping(worker):
            try:
                worker = _serve_queue(url)  # asks Redis at once: may fail like the rest
                # Today's reminders, unless scheduled already (tracker.reminders.schedule);
                # RQ's scheduler, in the worker, enqueues them when they are due.
                schedule_reminders(worker.queues[0])
                worker.work(logging_level="INFO", with_scheduler=True)
            except StopRequested:  # a stop signal before this run had installed its handlers
                break
            except Exception as error:  # Redis went away, or came back unwell: serve again
                log.warning("worker: the queue cannot be served (%s)", error)
            if (worker is not None and _stopping(worker)) or _redis_answers(url):
                wait = 1.0
                continue
            log.warning("worker: Redis is unreachable; catching up every %s s meanwhile", every)
            time.sleep(wait)
            wait = min(wait * 2, REDIS_RETRY_MOST)
    except StopRequested:  # a stop signal while between two runs of the queue
        pass
    finally:
        timer.set()
    return True


def _stopping(worker: SimpleWorker) -> bool:
    """Whether a stop signal (SIGINT, SIGTERM) reached the worker, busy or idle."""
    return bool(worker._stop_requested or worker._shutdown_requested_date is not None)


def _catch_up_every(services: Services, every: float, stop: threading.Event) -> None:
    """Catch up now and then, whether or not any job asks: a catch-up request lost with Redis,
    or never sent, waits at most this long."""
    while not stop.wait(every):
        catch_up_quietly(services)


def _serve_queue(url: str) -> SimpleWorker:
    connection = Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)
    # A short wait for jobs (worker_ttl - 15 s): a stop signal that RQ holds until the job
    # in hand ends is then seen within seconds even when it thinks one is in hand.
    return SimpleWorker(
        [catch_up_queue(connection)],
        connection=connection,
        serializer=JSONSerializer,
        worker_ttl=WORKER_TTL,
    )


def _redis_answers(url: str) -> bool:
    client = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping())
    except RedisError:
        return False
    finally:
        client.close()


__all__ = [
    "NAMES",
    "NoRedis",
    "cores",
    "projections_status",
    "rebuild_outdated",
    "rebuild_projections",
    "run_worker",
]
