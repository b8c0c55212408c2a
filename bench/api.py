"""Benchmark of the HTTP API (not a test): what the web edge costs a command, and how fast the
dashboard and the impact chains answer over a large history.

    .venv/bin/python bench/api.py [--events 100000] [--stores sqlite,postgresql] [--json]
                                  [--writes 400] [--reads 300] [--clients 4]

For each store, in one run: the same use case (a commitment made outside a dialogue) called
directly in this process, then through HTTP (gunicorn, 2 workers, as many clients at once as
--clients): commands per second, p50 and p95 latency, and their ratio. Then a synthetic
history of --events events (bench/history.py) is written and projected, and /fulfilment
and /impact-chains/<id> are asked through HTTP, by --clients at once (throughput) and by
one client alone (latency without queueing). Saves ask for catch-ups through Redis, as in
production (no worker runs while commands are timed: catching up is deferred work).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != BENCH]

import psycopg  # noqa: E402
import redis  # noqa: E402
import requests  # noqa: E402
from sqlalchemy import select  # noqa: E402

from bench.history import HistoryWriter  # noqa: E402
from projections import runner  # noqa: E402
from projections.schema import chain_nodes  # noqa: E402
from tracker.accounts import add_user  # noqa: E402
from tracker.composition import Services, open_services, open_store  # noqa: E402
from tracker.projection_commands import cores  # noqa: E402
from tracker.settings import Settings  # noqa: E402

BIN = Path(sys.executable).parent
WARM_UP = 20
COMMITMENT = {
    "coalition": "ke",
    "text": "Reflect village priorities in the 2025/26 budget",
    "made_by": {"institution": "Makueni County", "role": "Finance officer"},
    "due_on": "2026-06-30",
    "groups": ["women", "youth"],
    "sdg_targets": ["5.5"],
    "occurred_on": "2025-01-20",
}


def figures(times: list[float], seconds: float) -> dict[str, float]:
    """Operations per second over the wall time, and p50 / p95 latency in milliseconds."""
    ordered = sorted(times)
    return {
        "per_s": round(len(times) / seconds, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 2),
    }


def timed_calls(call: Callable[[int], Any], count: int, clients: int) -> dict[str, float]:
    """`count` calls shared by `clients` threads (after a warm-up), with their figures."""
    for n in range(WARM_UP):
        call(n)
    times: list[float] = []
    lock = threading.Lock()

    def client(offset: int) -> None:
        mine = []
        for n in range(offset, count, clients):
            started = time.perf_counter()
            call(n)
            mine.append(time.perf_counter() - started)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return figures(times, time.perf_counter() - started)


@contextmanager
def database(store: str, postgres: str, workdir: Path) -> Iterator[str]:
    """An empty database of the store: a new SQLite file, or a new PostgreSQL schema."""
    if store == "sqlite":
        yield f"sqlite:///{workdir}/{uuid.uuid4().hex[:8]}.sqlite"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{postgres}{'&' if '?' in postgres else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(postgres, autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@contextmanager
def server(url: str, redis_url: str | None, workdir: Path) -> Iterator[str]:
    """gunicorn with 2 workers on a free loopback port, as the Procfile runs it."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": redis_url or ""}
    command = [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", "2"]
    with (workdir / f"gunicorn-{port}.log").open("wb") as log:
        process = subprocess.Popen(
            [*command, "web:create_app()"], cwd=ROOT, env=env, stdout=log, stderr=log
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn did not start; see {workdir}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def admin_token(services: Services) -> tuple[str, str]:
    user, token = add_user(services.engine, f"bench-{uuid.uuid4().hex[:6]}", "admin")
    return user.id, token


class Client:
    """Requests to one server as one user, through the standard library's light client (a
    heavier one would take much of the CPU the server is being measured on)."""

    def __init__(self, base: str, token: str) -> None:
        self.host, _, port = base.removeprefix("http://").partition(":")
        self.port = int(port)
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def ask(self, method: str, path: str, body: Any = None, expected: int = 200) -> None:
        """One request on a new connection (gunicorn's sync workers close each one)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            data = None if body is None else json.dumps(body)
            connection.request(method, f"/api/v1{path}", body=data, headers=self.headers)
            response = connection.getresponse()
            answer = response.read()
            if response.status != expected:
                raise RuntimeError(f"{method} {path}: {response.status} {answer[:300]!r}")
        finally:
            connection.close()


def writes(url: str, redis_url: str | None, args: argparse.Namespace, workdir: Path) -> dict:
    """The same command directly and through HTTP, on one database."""
    services = open_services(Settings(database_url=url, redis_url=redis_url))
    try:
        user, token = admin_token(services)
        tracker = services.tracker
        tracker.register_coalition(code="ke", name="Kenya", country="KE", recorded_by=user)
        fields = {
            **COMMITMENT,
            "due_on": date(2026, 6, 30),
            "occurred_on": date(2025, 1, 20),
            "recorded_by": user,
        }
        direct = timed_calls(lambda n: tracker.make_commitment(**fields), args.writes, 1)
        with server(url, redis_url, workdir) as base:
            client = Client(base, token)

            def post(n: int) -> None:
                client.ask("POST", "/commitments", COMMITMENT, expected=201)

            http = timed_calls(post, args.writes, args.clients)
        return {"direct": direct, "http": http, "ratio": round(http["per_s"] / direct["per_s"], 3)}
    finally:
        services.close()


def reads(url: str, args: argparse.Namespace, workdir: Path) -> dict:
    """/fulfilment and /impact-chains/<id> over a history of --events events."""
    settings = Settings(database_url=url)
    services = open_services(settings)
    services.tracker.on_saved = None  # projected once, after the history is written
    try:
        print(f"  writing {args.events:,} events…", file=sys.stderr)
        HistoryWriter(services.tracker).write(args.events)
        print("  projecting them (a rebuild, as after a bulk load)…", file=sys.stderr)
        runner.rebuild(
            services.tracker,
            services.engine,
            processes=cores(),
            opener=partial(open_store, settings),
        )
        _, token = admin_token(services)
        with services.engine.connect() as connection:
            query = select(chain_nodes.c.id).where(
                chain_nodes.c.type.in_(("commitments", "outcomes"))
            )
            ids = list(connection.execute(query.limit(5000)).scalars())
        rng = random.Random(7)
        with server(url, None, workdir) as base:
            client = Client(base, token)

            def get(path: Callable[[], str]) -> Callable[[int], None]:
                return lambda n: client.ask("GET", path())

            asks = {
                "fulfilment": get(lambda: "/fulfilment"),
                "impact_chain": get(lambda: f"/impact-chains/{rng.choice(ids)}"),
            }
            found: dict[str, Any] = {"events": runner.head(services.tracker)}
            for name, ask in asks.items():
                found[name] = timed_calls(ask, args.reads, args.clients)
                found[f"{name}_alone"] = timed_calls(ask, args.reads, 1)
            return found
    finally:
        services.close()


def table(results: dict[str, Any]) -> str:
    """The figures as Markdown, for the README."""
    lines = [
        f"{results['date']}, {results['machine']}; {results['clients']} HTTP clients at once",
        "",
        "| store | what | per second | p50 ms | p95 ms |",
        "|---|---|---:|---:|---:|",
    ]
    for store, found in results["stores"].items():
        w, r = found["writes"], found["reads"]
        for label, f in (
            ("command, direct in-process", w["direct"]),
            (f"command through HTTP ({w['ratio']:.0%} of direct)", w["http"]),
            (f"GET /fulfilment at {r['events']:,} events", r["fulfilment"]),
            ("… one client at a time", r["fulfilment_alone"]),
            (f"GET /impact-chains/<id> at {r['events']:,} events", r["impact_chain"]),
            ("… one client at a time", r["impact_chain_alone"]),
        ):
            lines.append(f"| {store} | {label} | {f['per_s']:,} | {f['p50_ms']} | {f['p95_ms']} |")
    return "\n".join(lines)


def main() -> None:
    """Parse the options and run every store."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="history size for reads")
    parser.add_argument("--stores", default="sqlite,postgresql")
    parser.add_argument("--writes", type=int, default=400, help="commands of each kind")
    parser.add_argument("--reads", type=int, default=300, help="requests of each read")
    parser.add_argument("--clients", type=int, default=4, help="HTTP clients at once")
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    results: dict[str, Any] = {
        "date": datetime.now(UTC).date().isoformat(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "clients": args.clients,
        "stores": {},
    }
    queue = redis.Redis.from_url(args.redis_url)
    (ROOT / "var").mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-api-", dir=ROOT / "var"))
    try:
        for store in args.stores.split(","):
            print(f"{store}:", file=sys.stderr)
            found: dict[str, Any] = {}
            queue.flushdb()  # the bench's own Redis database: no catch-up pending
            with database(store, args.postgres_url, workdir) as url:
                found["writes"] = writes(url, args.redis_url, args, workdir)
            with database(store, args.postgres_url, workdir) as url:
                found["reads"] = reads(url, args, workdir)
            results["stores"][store] = found
    finally:
        queue.flushdb()
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(results, indent=2) if args.json else table(results))


if __name__ == "__main__":
    main()
