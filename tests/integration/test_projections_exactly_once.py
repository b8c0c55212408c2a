"""Each event is applied exactly once: incrementally, in big batches, after a crash, or by two
catch-ups at once, the read model comes out the same, row for row."""

from __future__ import annotations

import contextlib
import multiprocessing
import random
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import sql
from sqlalchemy import func, inspect, select

from domain.commitments import Commitment
from domain.errors import DomainError
from projections import commitments, impact, runner
from projections import rebuild as rebuilding
from projections import timeline as timeline_projection
from projections.batch import ProjectionError
from projections.catalogue import NAMES, UnknownProjection, chosen
from projections.schema import projection_positions, timeline
from projections.snapshot import snapshot
from tracker.composition import Services, open_services, open_store
from tracker.errors import TrackerError
from tracker.settings import Settings

USERS = ("lead-1", "lead-2", "evaluator-1")
CODES = ("ke", "vn", "np")
START = date(2020, 1, 1)

Op = tuple[int, int, int, int, int]
ops = st.lists(st.tuples(*(st.integers(0, 10_000) for _ in range(5))), min_size=1, max_size=60)


class Skip(Exception):
    """The step needs a record there is none of yet."""


def pick(items: list[Any], n: int) -> Any:
    if not items:
        raise Skip
    return items[n % len(items)]


def some(items: list[Any], n: int) -> list[Any]:
    """None, one or two of the items, chosen by n."""
    if not items or n % 4 == 0:
        return []
    return list(dict.fromkeys([items[n % len(items)], items[n // 7 % len(items)]]))


class RandomHistory:
    """Turns tuples of numbers into valid use cases: what hypothesis or a seed asks for."""

    def __init__(self, services: Services) -> None:
        self.tracker = services.tracker
        self.ids: dict[str, list[UUID]] = {
            k: [] for k in ("evidence", "input", "dialogue", "commitment", "line", "outcome")
        }
        self.coalitions: list[str] = []

    def run(self, steps: list[Op]) -> None:
        """Apply every step; a step the domain refuses saves nothing, as in real life."""
        for step in steps:
            with contextlib.suppress(DomainError, TrackerError, Skip):
                self.step(*step)

    def day(self, n: int) -> date:
        return START + timedelta(days=n % 2000)

    def step(self, code: int, a: int, b: int, c: int, d: int) -> None:
        t, by = self.tracker, pick(list(USERS), d)
        if not self.coalitions or code % 19 == 0:
            code_ = pick(list(CODES), a)
            if code_ not in self.coalitions:
                t.register_coalition(
                    code=code_, name=f"Coalition {code_}", recorded_by=by, occurred_on=self.day(b)
                )
                self.coalitions.append(code_)
            return
        coalition, on = pick(self.coalitions, a), self.day(c)
        ids = self.ids
        match code % 18:
            case 0 if a % 3 == 0:
                t.admit_member(coalition, name=f"Member {b % 4}", recorded_by=by, occurred_on=on)
            case 0:
                self.relink(a, b, by, on)
            case 1 | 2:
                ids["evidence"].append(t.record_evidence(**_evidence(coalition, b, on, by)).id)
            case 3 | 4:
                ids["input"].append(
                    t.submit_advocacy_input(
                        coalition=coalition,
                        kind=pick(["petition", "submission", "other"], b),
                        title=f"Input {b}",
                        asks=["more"],
                        evidence=some(ids["evidence"], b),
                        targets=["Assembly"],
                        occurred_on=on,
                        recorded_by=by,
                    ).id
                )
            case 5 | 6:
                saved = t.log_dialogue(
                    coalition=coalition,
                    title=f"Dialogue {b}",
                    occurred_on=on,
                    level=pick(["local", "subnational", "national"], b),
                    format=pick(["meeting", "hearing", "forum"], c),
                    decision_makers=[{"name": "N", "role": "R", "institution": "I"}],
                    participants={"total": 3, "by_group": {"women": 2}},
                    advocacy_inputs=some(ids["input"], b),
                    summary="",
                    recorded_by=by,
                    commitments=[_commitment(b + i, d) for i in range(b % 4)],
                )
                ids["dialogue"].append(saved.id)
                ids["commitment"].extend(saved.commitments)
            case 7:
                ids["commitment"].append(
                    t.make_commitment(
                        coalition=coalition, occurred_on=on, recorded_by=by, **_commitment(b, d)
                    ).id
                )
            case 8 | 9 | 10:
                t.report_progress(
                    pick(ids["commitment"], a),
                    status=pick(
                        [
                            "in_progress",
                            "stalled",
                            "fulfilled",
                            "partially_fulfilled",
                            "not_fulfilled",
                            "withdrawn",
                            "made",
                        ],
                        b,
                    ),
                    completion=pick(["not_started", "limited", "substantial", "complete"], d),
                    note="why" if b % 3 else "",
                    evidence=some(ids["evidence"], d) if d % 3 == 0 else [],
                    recorded_by=by,
                    occurred_on=on,
                )
            case 11:
                commitment = pick(ids["commitment"], a)
                if b % 2:
                    t.change_due_date(
                        commitment,
                        due_on=self.day(b) if b % 3 else None,
                        reason="moved",
                        recorded_by=by,
                        occurred_on=on,
                    )
                else:
                    t.review_commitment(
                        commitment,
                        verdict=pick(["confirmed", "disputed"], d),
                        note="",
                        recorded_by=by,
                        occurred_on=on,
                    )
            case 12:
                ids["line"].append(
                    t.identify_budget_line(
                        coalition=coalition,
                        commitments=some(ids["commitment"], b),
                        government="County",
                        level=pick(["local", "national"], b),
                        fiscal_year=pick(["2024/25", "2025"], c),
                        programme=f"Programme {b}",
                        currency=pick(["KES", "VND"], d),
                        groups=[],
                        occurred_on=on if b % 3 else None,
                        recorded_by=by,
                    ).id
                )
            case 13 | 14:
                t.record_budget_amount(
                    pick(ids["line"], a),
                    stage=pick(["proposed", "allocated", "released", "spent"], b),
                    amount=Decimal(b * 1000 + d % 100) / (10 ** (d % 3)),
                    source="",
                    recorded_by=by,
                    occurred_on=self.day(c % 50 + b % 3),
                )
            case 15:
                links = {
                    "evidence": some(ids["evidence"], b),
                    "commitments": some(ids["commitment"], d),
                    "budget_lines": some(ids["line"], c),
                }
                ids["outcome"].append(
                    t.harvest_outcome(
                        coalition=coalition,
                        description=f"Change {b}",
                        social_actor="County",
                        change_type="policy",
                        stage="adoption",
                        significance="",
                        contribution="",
                        links=links,
                        occurred_on=on,
                        recorded_by=by,
                    ).id
                )
            case 16:
                outcome = pick(ids["outcome"], a)
                if b % 2:
                    t.substantiate_outcome(
                        outcome, verdict="agree", note="", recorded_by=by, occurred_on=on
                    )
                else:
                    t.change_outcome_stage(
                        outcome, stage="implementation", note="", recorded_by=by, occurred_on=on
                    )
            case _:
                self.correct(a, b, c, d, by, on)

    def relink(self, a: int, b: int, by: str, on: date) -> None:
        """Link evidence to an input, or unlink some that is linked."""
        t, input_id = self.tracker, pick(self.ids["input"], a)
        linked = list(getattr(t.get("advocacy_input", input_id), "evidence", []))
        if b % 2 or not linked:
            t.link_evidence(input_id, pick(self.ids["evidence"], b), recorded_by=by, occurred_on=on)
        else:
            t.unlink_evidence(input_id, pick(linked, b), recorded_by=by, occurred_on=on)

    def correct(self, a: int, b: int, c: int, d: int, by: str, on: date) -> None:
        t, ids, kind = self.tracker, self.ids, b % 5
        if kind == 0:
            t.correct(
                "commitment",
                pick(ids["commitment"], a),
                changes={
                    "made_by": {"institution": f"Institution {c % 3}", "role": "Chair"},
                    "due_on": self.day(c),
                },
                reason="typo",
                recorded_by=by,
                occurred_on=on,
            )
        elif kind == 1:
            t.correct(
                "dialogue",
                pick(ids["dialogue"], a),
                changes={"level": pick(["local", "national", "global"], c)},
                reason="typo",
                recorded_by=by,
                occurred_on=on,
            )
        elif kind == 2:
            t.correct(
                "budget_line",
                pick(ids["line"], a),
                changes={
                    "currency": pick(["KES", "VND", "USD"], c),
                    "fiscal_year": pick(["2023/24", "2026"], d),
                },
                reason="typo",
                recorded_by=by,
                occurred_on=on,
            )
        elif kind == 3:
            t.correct(
                "evidence",
                pick(ids["evidence"], a),
                changes={
                    "sensitivity": pick(["public", "restricted", "confidential"], c),
                    "title": f"Evidence {c}",
                },
                reason="typo",
                recorded_by=by,
                occurred_on=on,
            )
        elif c % 2:
            t.retract_evidence(
                pick(ids["evidence"], a), reason="wrong", recorded_by=by, occurred_on=on
            )
        else:
            t.withdraw_advocacy_input(
                pick(ids["input"], a), reason="old", recorded_by=by, occurred_on=on
            )


def _evidence(coalition: str, n: int, on: date, by: str) -> dict[str, Any]:
    return {
        "coalition": coalition,
        "title": f"Evidence {n}",
        "summary": "",
        "method": "survey",
        "collected_from": date(2019, 1, 1),
        "collected_to": date(2019, 2, 1),
        "sample_size": n,
        "groups": ["women"],
        "disaggregation": ["sex"],
        "participation_level": 1 + n % 5,
        "producers": ["CBO"],
        "consent": {"obtained": True, "kind": "verbal"},
        "sensitivity": pick(["public", "restricted", "confidential"], n),
        "sdg_targets": ["5.5"],
        "occurred_on": on,
        "recorded_by": by,
    }


def _commitment(n: int, d: int) -> dict[str, Any]:
    return {
        "text": f"Commitment {n}",
        "made_by": {"institution": f"Institution {n % 3}", "role": "Minister"},
        "due_on": None if n % 5 == 0 else START + timedelta(days=(n * 37 + d) % 2200),
        "groups": ["youth"],
        "sdg_targets": ["1.1"],
    }


def random_steps(seed: int, n: int) -> list[Op]:
    """`n` steps chosen by a seeded generator, for tests that want a bigger history."""
    rng = random.Random(seed)
    return [tuple(rng.randrange(10_000) for _ in range(5)) for _ in range(n)]  # type: ignore[misc]


def fresh_database(url: str, n: int) -> str:
    """An empty database for one example: a new SQLite file, or the test's schema emptied."""
    if url.startswith("sqlite:///"):
        return str(Path(url.removeprefix("sqlite:///")).with_name(f"example-{n}.sqlite"))
    schema = url.rsplit("%3D", 1)[1]
    base = url.split("?")[0]
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
        connection.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return url


def opened(url: str) -> Services:
    """Services on this database whose saves do not catch up: the test decides when."""
    database_url = url if "://" in url else f"sqlite:///{url}"
    services = open_services(Settings(database_url=database_url))
    services.tracker.on_saved = None
    return services


@pytest.fixture
def quiet(database_url: str) -> Iterator[Services]:
    services = opened(database_url)
    try:
        yield services
    finally:
        services.close()


def told(services: Services, seed: int = 7, n: int = 300) -> int:
    RandomHistory(services).run(random_steps(seed, n))
    return runner.head(services.tracker)


def rebuilt(services: Services) -> dict[str, Any]:
    runner.rebuild(services.tracker, services.engine)
    return snapshot(services.engine)


def events_of(services: Services) -> list[tuple[int, Any]]:
    """Every event of the store, with its position."""
    found = services.tracker.recorder.select_notifications(1, 10**6)
    return [(n.id, services.tracker.mapper.to_domain_event(n)) for n in found]


def positions(services: Services) -> dict[str, int]:
    with services.engine.connect() as connection:
        stored = dict(connection.execute(select(projection_positions)).all())
    return {name: stored.get(name, 0) for name in NAMES}


examples = iter(range(10**6))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=ops, batch=st.integers(1, 9))
def test_a_read_model_caught_up_after_every_save_equals_one_rebuilt_from_the_store(
    database_url: str, steps: list[Op], batch: int
) -> None:
    services = opened(fresh_database(database_url, next(examples)))
    try:
        tracker, engine = services.tracker, services.engine
        tracker.on_saved = lambda _: runner.catch_up(tracker, engine, batch_size=batch) and None
        RandomHistory(services).run(steps)
        incremental = snapshot(engine)
        assert set(positions(services).values()) == {runner.head(tracker)}
        assert rebuilt(services) == incremental
    finally:
        services.close()


class Died(BaseException):
    """What a process killed half-way through a batch looks like to the code that ran."""


def test_a_catch_up_that_fails_half_way_through_a_batch_resumes_to_the_same_read_model(
    quiet: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = told(quiet)
    # The impact projection is applied last: the others' rows of the batch are written by then.
    handlers, calls = impact.projection.handlers, {"n": 0}
    original = handlers[Commitment.Made]

    def failing(event: Any, view: Any) -> Iterator[Any]:
        calls["n"] += 1
        if calls["n"] == 25:
            raise Died("the worker died here")
        return iter(original(event, view))

    monkeypatch.setitem(handlers, Commitment.Made, failing)
    with pytest.raises(Died, match="died"):
        runner.catch_up(quiet.tracker, quiet.engine, batch_size=40)
    stopped = positions(quiet)
    assert len(set(stopped.values())) == 1, "all projections commit each batch together"
    assert 0 < min(stopped.values()) < last
    with quiet.engine.connect() as connection:
        entries = connection.execute(select(func.count()).select_from(timeline)).scalar()
        assert entries and entries < last, "what was applied stays; the failed batch is gone"

    monkeypatch.undo()
    runner.catch_up(quiet.tracker, quiet.engine, batch_size=40)
    resumed = snapshot(quiet.engine)
    assert set(positions(quiet).values()) == {last}
    assert rebuilt(quiet) == resumed


def test_a_failing_handler_stops_its_projection_alone_before_the_event_it_fails_on(
    quiet: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    last = told(quiet, n=60)
    made = [p for p, e in events_of(quiet) if isinstance(e, Commitment.Made)]
    original = commitments.projection.handlers[Commitment.Made]

    def broken(event: Any, view: Any) -> Iterator[Any]:
        if view.position == made[3]:
            raise RuntimeError("broken")
        return iter(original(event, view))

    monkeypatch.setitem(commitments.projection.handlers, Commitment.Made, broken)
    runner.catch_up(quiet.tracker, quiet.engine, batch_size=7)
    stopped = positions(quiet)
    assert stopped.pop("commitments") == made[3] - 1
    assert set(stopped.values()) == {last}, "the others went on past it"
    status = runner.status(quiet.tracker, quiet.engine)["projections"]["commitments"]
    assert status["error"]["position"] == made[3]
    assert status["error"]["error"] == "RuntimeError: broken"

    monkeypatch.undo()
    runner.catch_up(quiet.tracker, quiet.engine, batch_size=7)
    assert set(positions(quiet).values()) == {last}
    assert runner.status(quiet.tracker, quiet.engine)["projections"]["commitments"]["error"] is None
    assert rebuilt(quiet) == snapshot(quiet.engine)


def _catch_up(url: str) -> None:
    services = opened(url)
    try:
        runner.catch_up(services.tracker, services.engine, batch_size=7)
    finally:
        services.close()


def test_catch_ups_started_together_in_threads_apply_each_event_once(quiet: Services) -> None:
    last = told(quiet)
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def run() -> None:
        start.wait()
        try:
            runner.catch_up(quiet.tracker, quiet.engine, batch_size=7)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    together = snapshot(quiet.engine)
    assert set(positions(quiet).values()) == {last}
    assert rebuilt(quiet) == together


def test_catch_ups_in_two_processes_apply_each_event_once(
    quiet: Services, database_url: str
) -> None:
    told(quiet, n=200)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_catch_up, args=(database_url,)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    together = snapshot(quiet.engine)
    assert rebuilt(quiet) == together


def test_readers_see_the_old_read_model_until_a_rebuild_swaps_in_the_new_one(
    quiet: Services,
) -> None:
    told(quiet)
    runner.catch_up(quiet.tracker, quiet.engine)
    before = snapshot(quiet.engine)
    seen: list[bool] = []

    def look(position: int, head: int) -> None:
        seen.append(snapshot(quiet.engine) == before)

    runner.rebuild(quiet.tracker, quiet.engine, batch_size=50, progress=look)
    assert len(seen) > 3 and all(seen)
    assert snapshot(quiet.engine) == before


def test_a_rebuild_of_one_projection_leaves_the_others_alone(quiet: Services) -> None:
    last = told(quiet, n=120)
    runner.catch_up(quiet.tracker, quiet.engine, ["timeline"])
    assert positions(quiet)["timeline"] == last
    assert positions(quiet)["budget"] == 0
    runner.rebuild(quiet.tracker, quiet.engine, ["budget"])
    assert positions(quiet)["budget"] == last
    assert positions(quiet)["commitments"] == 0
    with pytest.raises(UnknownProjection, match="there are: " + ", ".join(NAMES)):
        runner.rebuild(quiet.tracker, quiet.engine, ["nonsense"])


def test_status_tells_each_projections_position_and_lag(quiet: Services) -> None:
    last = told(quiet, n=80)
    runner.catch_up(quiet.tracker, quiet.engine, ["coalitions"])
    status = runner.status(quiet.tracker, quiet.engine)
    assert status["head"] == last
    assert status["projections"]["coalitions"]["position"] == last
    assert status["projections"]["coalitions"]["lag"] == 0
    assert status["projections"]["impact"]["position"] == 0
    assert status["projections"]["impact"]["lag"] == last
    assert runner.lag(quiet.tracker, quiet.engine) == last


def test_a_rebuild_while_saves_and_catch_ups_go_on_misses_nothing(quiet: Services) -> None:
    told(quiet)
    runner.catch_up(quiet.tracker, quiet.engine)
    history, more = RandomHistory(quiet), iter(random_steps(11, 400))

    def serve(position: int, head: int) -> None:  # between two batches of the rebuild
        history.run([next(more) for _ in range(40)])
        runner.catch_up(quiet.tracker, quiet.engine)

    runner.rebuild(quiet.tracker, quiet.engine, batch_size=60, progress=serve)
    runner.catch_up(quiet.tracker, quiet.engine)
    assert set(positions(quiet).values()) == {runner.head(quiet.tracker)}
    served = snapshot(quiet.engine)
    assert rebuilt(quiet) == served


def test_a_rebuild_that_holds_few_rows_writes_them_out_and_reads_them_back(
    quiet: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    told(quiet)
    runner.catch_up(quiet.tracker, quiet.engine)
    served = snapshot(quiet.engine)
    # Every batch overflows what a rebuild may hold, so later events read rows written out,
    # and the last writes commit a few rows at a time.
    monkeypatch.setattr(rebuilding, "REBUILD_HELD_ROWS", 5)
    monkeypatch.setattr(rebuilding, "ROWS_PER_COMMIT", 7)
    runner.rebuild(quiet.tracker, quiet.engine, batch_size=25)
    assert snapshot(quiet.engine) == served


def test_a_rebuild_shared_out_between_processes_equals_one_made_in_one(quiet: Services) -> None:
    told(quiet)
    runner.catch_up(quiet.tracker, quiet.engine)
    served = snapshot(quiet.engine)
    opener = partial(open_store, quiet.settings)
    head = runner.rebuild(quiet.tracker, quiet.engine, processes=3, opener=opener, batch_size=40)
    assert head == runner.head(quiet.tracker)
    assert snapshot(quiet.engine) == served
    assert set(positions(quiet).values()) == {head}


def no_store() -> tuple[Any, Any]:
    """An opener whose process cannot reach the store (module level: sent to a process)."""
    raise ConnectionError("the helper cannot reach the store")


def test_a_helper_process_that_fails_fails_the_rebuild_and_leaves_nothing_aside(
    quiet: Services,
) -> None:
    told(quiet, n=120)
    runner.catch_up(quiet.tracker, quiet.engine)
    served, tables = snapshot(quiet.engine), set(inspect(quiet.engine).get_table_names())
    with pytest.raises(ConnectionError, match="cannot reach"):
        runner.rebuild(quiet.tracker, quiet.engine, processes=2, opener=no_store)
    assert set(inspect(quiet.engine).get_table_names()) == tables
    assert snapshot(quiet.engine) == served


def test_projections_are_shared_out_between_processes_once_each_and_evenly() -> None:
    everything = chosen()
    assert runner.share(everything, 1) == [list(everything)]
    assert len(runner.share(everything, 99)) == len(NAMES)
    groups = runner.share(everything, 2)
    assert len(groups) == 2
    assert sorted(p.name for group in groups for p in group) == sorted(NAMES)
    loads = [sum(p.cost for p in group) for group in groups]
    assert max(loads) - min(loads) <= max(p.cost for p in everything)


def test_a_handler_that_reads_a_stream_is_stopped(
    quiet: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    told(quiet, n=40)
    handlers = timeline_projection.projection.handlers
    (cls,) = [c for c in handlers if c.__qualname__ == "Coalition.Registered"]

    def reading(event: Any, view: Any) -> Iterator[Any]:
        view.get(timeline, 1)
        return iter(())

    monkeypatch.setitem(handlers, cls, reading)
    runner.catch_up(quiet.tracker, quiet.engine)  # the timeline stops; the others go on
    error = runner.status(quiet.tracker, quiet.engine)["projections"]["timeline"]["error"]
    assert error["position"] == 1 and "ProjectionError" in error["error"]
    assert "stream" in error["error"]
    with pytest.raises(ProjectionError, match="stream"):
        runner.rebuild(quiet.tracker, quiet.engine)


def test_a_rebuild_drops_the_tables_it_retired_and_any_a_stopped_one_left(
    quiet: Services,
) -> None:
    told(quiet, n=60)
    runner.catch_up(quiet.tracker, quiet.engine)
    before = set(inspect(quiet.engine).get_table_names())
    with quiet.engine.begin() as connection:  # what a rebuild stopped after its swap leaves
        connection.exec_driver_sql("CREATE TABLE timeline_retired_0badcafe (n INTEGER)")
    runner.rebuild(quiet.tracker, quiet.engine)
    assert set(inspect(quiet.engine).get_table_names()) == before
