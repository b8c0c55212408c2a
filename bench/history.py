"""A realistic synthetic history for the benchmark, written fast: aggregates built with the
domain's own methods (so every event is valid) and saved hundreds of events at a time.

Each "cycle" is one coalition's round of advocacy: evidence, an advocacy input, a dialogue
with a few commitments; later, over the following months, progress reports, reviews, due
date changes, budget lines with their amounts, outcomes and their substantiation, and the
odd correction. Cycles overlap in time, as they do in the partnership.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from domain.advocacy_inputs import AdvocacyInput
from domain.budget_lines import BudgetLine
from domain.coalitions import Coalition
from domain.commitments import Commitment
from domain.dialogues import Dialogue
from domain.evidence import Evidence
from domain.outcomes import Outcome
from domain.records import Record
from tracker.application import Tracker

CODES = ("ke", "vn", "np", "bd", "ng", "mw", "in", "ps", "ug", "tz", "gh", "zm")
CURRENCIES = dict(
    zip(
        CODES,
        ["KES", "VND", "NPR", "BDT", "NGN", "MWK", "INR", "ILS", "UGX", "TZS", "GHS", "ZMW"],
        strict=True,
    )
)
LEVELS = ("local", "subnational", "national", "regional")
FIRST_DAY, DAYS = date(2016, 1, 1), 3500  # the history spans nearly ten years
USERS = tuple(f"user-{i}" for i in range(40))
SAVE_EVERY = 500  # events per save

Later = Callable[[date], None]
R = TypeVar("R", bound=Record)


class HistoryWriter:
    """Writes about `size` events into the tracker's store (a few more, never fewer)."""

    def __init__(self, tracker: Tracker, seed: int = 2026) -> None:
        self.tracker, self.rng = tracker, random.Random(seed)
        self.pending: dict[int, Record] = {}
        self.pending_events = 0
        self.later: list[tuple[float, int, Later]] = []
        self.serial = 0
        self.coalitions: list[Any] = []

    def write(self, size: int, start: float = 0.0, span: float = 1.0) -> int:
        """Add `size` events whose dates run from `start` to `start + span` of the period."""
        head = self.tracker.recorder.max_notification_id() or 0
        target, clock = head + size, start
        if not self.coalitions:
            self._coalitions()
        while self._written() < target:
            clock = min(start + span, clock + span * 17 / size)
            while self.later and self.later[0][0] <= clock:
                when, _, action = heapq.heappop(self.later)
                action(self._day(when))
                self._maybe_save()
            self._cycle(clock)
            self._maybe_save()
        self._save()
        return (self.tracker.recorder.max_notification_id() or 0) - head

    # Time and saving ----------------------------------------------------------------------

    def _day(self, clock: float) -> date:
        return FIRST_DAY + timedelta(days=int(min(clock, 1.0) * DAYS))

    def _at(self, clock: float, months: float, action: Later, jitter: bool = True) -> None:
        """Do `action` about `months` after `clock` (exactly then, without jitter)."""
        self.serial += 1
        when = clock + months * 30 / DAYS * (self.rng.uniform(0.5, 1.5) if jitter else 1)
        heapq.heappush(self.later, (when, self.serial, action))

    def _written(self) -> int:
        return (self.tracker.recorder.max_notification_id() or 0) + self.pending_events

    def _touch(self, record: R) -> R:
        self.pending[id(record)] = record
        self.pending_events += 1
        return record

    def _maybe_save(self) -> None:
        if self.pending_events >= SAVE_EVERY:
            self._save()

    def _save(self) -> None:
        if self.pending:
            self.tracker.save(*self.pending.values())
        self.pending.clear()
        self.pending_events = 0

    # What happens -------------------------------------------------------------------------

    def _coalitions(self) -> None:
        for code in CODES:
            coalition = Coalition.create(code=code, name=f"{code.upper()} country coalition",
                                         country=None, occurred_on=FIRST_DAY,
                                         recorded_by=USERS[0])  # fmt: skip
            self.coalitions.append(self._touch(coalition))
        self._save()

    def _cycle(self, clock: float) -> None:
        rng, on, by = self.rng, self._day(clock), rng_user(self.rng)
        coalition = rng.choice(self.coalitions)
        evidence = [
            self._touch(_evidence(coalition, on, by, rng)) for _ in range(rng.randint(1, 2))
        ]
        if rng.random() < 0.3:
            evidence[0].assess_quality(rng.choice(("high", "medium", "low")), "", on, by)
            self._touch(evidence[0])
        advocacy = self._touch(AdvocacyInput.create(
            coalition=coalition.id, kind=rng.choice(("position_paper", "petition", "submission")),
            title=f"Asks of cycle {self.serial}", asks=["Fund the plan"],
            evidence=[e.id for e in evidence], targets=["County Assembly"], occurred_on=on,
            recorded_by=by))  # fmt: skip
        level = rng.choice(LEVELS)
        dialogue = self._touch(Dialogue.create(
            coalition=coalition.id, title=f"Dialogue {self.serial}", level=level,
            format=rng.choice(("meeting", "hearing", "forum")),
            decision_makers=[{"name": "Official", "role": "Chair", "institution": "Government"}],
            participants={"total": 30, "by_group": {"women": 18}},
            advocacy_inputs=[advocacy.id], summary="", occurred_on=on, recorded_by=by))  # fmt: skip
        commitments = []
        for n in range(rng.randint(1, 4)):
            due = on + timedelta(days=rng.randint(90, 900)) if rng.random() < 0.9 else None
            commitment = self._touch(Commitment.create(
                coalition=coalition.id, dialogue=dialogue.id, text=f"Commitment {n}",
                made_by={"institution": f"Institution {rng.randint(1, 60)}", "role": "Minister"},
                due_on=due, groups=["women"], sdg_targets=["5.5"], occurred_on=on,
                recorded_by=by))  # fmt: skip
            commitments.append(commitment)
            self._plan_commitment(clock, commitment)
        if rng.random() < 0.3:
            self._at(clock, 1, lambda day: self._follow_up(dialogue, day))
        if rng.random() < 0.6:
            self._at(clock, 2, lambda day: self._budget(clock, coalition, commitments, level, day))
        if rng.random() < 0.3:
            links = {"evidence": [evidence[0].id], "advocacy_inputs": [],
                     "dialogues": [dialogue.id], "commitments": [commitments[0].id],
                     "budget_lines": []}  # fmt: skip
            self._at(clock, 12, lambda day: self._outcome(clock, coalition, links, day))

    def _plan_commitment(self, clock: float, commitment: Commitment) -> None:
        rng = self.rng
        path = rng.choice((
            ("in_progress", "fulfilled"), ("in_progress", "partially_fulfilled"),
            ("in_progress", "stalled", "in_progress", "fulfilled"), ("stalled", "not_fulfilled"),
            ("in_progress",), ("in_progress", "stalled"), ("withdrawn",), (),
        ))  # fmt: skip
        months = 0.0
        for status in path:  # one after the other, whatever the jitter
            months += 3 * rng.uniform(0.5, 1.5)
            action = self._progress_to(commitment, status)
            self._at(clock, months, action, jitter=False)
        if rng.random() < 0.5:
            self._at(clock, months + 2, lambda day: self._review(commitment, day), jitter=False)
        if rng.random() < 0.1:
            self._at(clock, 4, lambda day: self._due_date(commitment, day))
        if rng.random() < 0.03:
            self._at(clock, 1, lambda day: self._correct(commitment, day))

    def _progress_to(self, commitment: Commitment, status: str) -> Later:
        def report(day: date) -> None:
            completion = {"fulfilled": "complete", "partially_fulfilled": "substantial"}
            commitment.report_progress(status, completion.get(status, "limited"), "", [], day,
                                       rng_user(self.rng))  # fmt: skip
            self._touch(commitment)

        return report

    def _follow_up(self, dialogue: Dialogue, day: date) -> None:
        dialogue.record_follow_up("Letter sent", day, rng_user(self.rng))
        self._touch(dialogue)

    def _review(self, commitment: Commitment, day: date) -> None:
        verdict = self.rng.choice(("confirmed", "disputed", "needs_evidence"))
        commitment.review_fulfilment(verdict, "", day, rng_user(self.rng))
        self._touch(commitment)

    def _due_date(self, commitment: Commitment, day: date) -> None:
        if commitment.is_open:
            commitment.change_due_date(day + timedelta(days=365), "Moved", day, rng_user(self.rng))
            self._touch(commitment)

    def _correct(self, commitment: Commitment, day: date) -> None:
        made_by = {"institution": f"Institution {self.rng.randint(1, 60)}", "role": "Minister"}
        commitment.correct({"made_by": made_by}, "Typo", day, rng_user(self.rng))
        self._touch(commitment)

    def _budget(self, clock: float, coalition: Any, commitments: list[Commitment], level: str,
                day: date) -> None:  # fmt: skip
        rng = self.rng
        line = self._touch(BudgetLine.create(
            coalition=coalition.id, commitments=[c.id for c in commitments], government="State",
            level=level, fiscal_year=f"{day.year}/{(day.year + 1) % 100:02d}",
            programme=f"Programme {self.serial}", currency=CURRENCIES[coalition.code],
            groups=["women"], occurred_on=day if rng.random() < 0.8 else None,
            recorded_by=rng_user(rng)))  # fmt: skip
        amount = Decimal(rng.randint(10_000, 50_000_000)).scaleb(-2)
        for months, stage, share in ((1, "proposed", 1), (3, "allocated", 0.9),
                                     (6, "released", 0.7), (12, "spent", 0.6)):  # fmt: skip
            if rng.random() < 0.85:
                figure = (amount * Decimal(str(share))).quantize(Decimal("0.01"))
                self._at(clock, 2 + months, self._amount(line, stage, figure))

    def _amount(self, line: BudgetLine, stage: str, figure: Decimal) -> Later:
        def record(day: date) -> None:
            line.record_amount(stage, figure, day, "Treasury report", rng_user(self.rng))
            self._touch(line)

        return record

    def _outcome(self, clock: float, coalition: Any, links: dict[str, list[Any]],
                 day: date) -> None:  # fmt: skip
        rng = self.rng
        outcome = self._touch(Outcome.create(
            coalition=coalition.id, description=f"Change {self.serial}", social_actor="Ministry",
            change_type=rng.choice(("policy", "budget", "practice")), stage="adoption",
            significance="", contribution="", links=links, occurred_on=day,
            recorded_by=rng_user(rng)))  # fmt: skip
        if rng.random() < 0.5:
            self._at(clock, 15, lambda d: self._substantiate(outcome, d))

    def _substantiate(self, outcome: Outcome, day: date) -> None:
        outcome.substantiate(self.rng.choice(("agree", "partially_agree")), "", day,
                             rng_user(self.rng))  # fmt: skip
        self._touch(outcome)


def _evidence(coalition: Any, on: date, by: str, rng: random.Random) -> Evidence:
    return Evidence.create(
        coalition=coalition.id, title=f"Citizen data {rng.randint(1, 10**6)}", summary="",
        method=rng.choice(("survey", "focus_group", "community_scorecard")),
        collected_from=on - timedelta(days=60), collected_to=on - timedelta(days=30),
        sample_size=rng.randint(10, 5000), groups=["women", "youth"],
        disaggregation=["sex", "age"], participation_level=rng.randint(1, 5),
        producers=["Community organisation"], consent={"obtained": True, "kind": "verbal"},
        sensitivity=rng.choice(("public", "public", "restricted", "confidential")),
        sdg_targets=["5.5", "17.18"], occurred_on=on, recorded_by=by,
    )  # fmt: skip


def rng_user(rng: random.Random) -> str:
    """One of the users, at random."""
    return rng.choice(USERS)
