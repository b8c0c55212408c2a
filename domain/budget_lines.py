"""A line of a public budget tied to commitments, followed from proposal to spending."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.records import Record, without_source
from domain.rules import Check, check_change
from domain.vocabularies import BUDGET_STAGES, CURRENCIES, FISCAL_YEAR, LEVELS


class BudgetLine(Record):
    """A budget line, with one figure per stage (proposed, allocated, released, spent).

    Stages may be recorded in any order. For each stage the figure is the amount with the
    latest `occurred_on`; a later recording for the same date replaces it. Stages are never
    added to each other.
    """

    TOPIC = "budget_line"
    KIND = "budget_line"
    FIELDS = (
        "coalition",
        "commitments",
        "government",
        "level",
        "fiscal_year",
        "programme",
        "currency",
        "groups",
        "source",
    )
    OPTIONAL = {"source": None, "occurred_on": None}
    CORRECTABLE = ("government", "level", "fiscal_year", "programme", "currency", "groups")

    class Created(Aggregate.Created):
        TOPIC = "budget_line.created"

    class Identified(Created):
        TOPIC = "budget_line.identified"
        class_version = 2  # 2: `source`, an imported row's other columns
        coalition: UUID
        commitments: list[UUID]
        government: str
        level: str
        fiscal_year: str
        programme: str
        currency: str
        groups: list[str]
        occurred_on: date | None
        recorded_by: str
        external_ref: dict[str, str] | None
        source: dict[str, str] | None

        upcast_v1_v2 = staticmethod(without_source)

    class AmountRecorded(Aggregate.Event):
        TOPIC = "budget_line.amount_recorded"
        stage: str
        amount: Decimal
        source: str
        occurred_on: date
        recorded_by: str

    class Corrected(Record.Corrected):
        TOPIC = "budget_line.corrected"

    @event(Identified)
    def __init__(
        self,
        *,
        coalition: UUID,
        commitments: list[UUID],
        government: str,
        level: str,
        fiscal_year: str,
        programme: str,
        currency: str,
        groups: list[str],
        occurred_on: date | None,
        recorded_by: str,
        external_ref: dict[str, str] | None,
        source: dict[str, str] | None = None,
    ) -> None:
        self.source = source
        self.coalition, self.commitments, self.government = coalition, commitments, government
        self.level, self.fiscal_year, self.programme = level, fiscal_year, programme
        self.currency, self.groups = currency, groups
        self.occurred_on, self.recorded_by, self.external_ref = (
            occurred_on,
            recorded_by,
            external_ref,
        )
        self.amounts: dict[str, dict[str, Any]] = {}

    @classmethod
    def check_fields(cls, check: Check) -> None:
        """Currencies are ISO 4217 codes; fiscal years read `2025` or `2025/26`."""
        if not isinstance(check.fields.get("coalition"), UUID):
            check.problem("coalition", "must be a coalition id")
        check.ids("commitments")
        check.text("government")
        check.choice("level", LEVELS)
        check.pattern("fiscal_year", FISCAL_YEAR, "a year such as 2025 or 2025/26")
        year = check.fields.get("fiscal_year")
        if isinstance(year, str) and FISCAL_YEAR.match(year) and "/" in year:
            start, end = year.split("/")
            if int(end) != (int(start) + 1) % 100:
                check.problem("fiscal_year", "must span one year to the next, such as 2025/26")
        check.text("programme")
        check.choice("currency", CURRENCIES, hint="an ISO 4217 currency code such as KES")
        check.texts("groups")
        check.source("source")

    @property
    def dated_on(self) -> date | None:
        """The line's own date, or else the date of its earliest amount."""
        if self.occurred_on is not None:
            return self.occurred_on
        return min((figure["occurred_on"] for figure in self.amounts.values()), default=None)

    def record_amount(
        self, stage: str, amount: Decimal, occurred_on: date, source: str, recorded_by: str
    ) -> None:
        """A figure for one stage, as published on `occurred_on` by `source`."""
        check = check_change(occurred_on, recorded_by, stage=stage, amount=amount, source=source)
        check.choice("stage", BUDGET_STAGES)
        check.amount("amount")
        check.text("source", empty_ok=True)
        check.done()
        self._record_amount(
            stage=stage,
            amount=amount,
            occurred_on=occurred_on,
            source=source,
            recorded_by=recorded_by,
        )

    @event(AmountRecorded)
    def _record_amount(
        self, stage: str, amount: Decimal, occurred_on: date, source: str, recorded_by: str
    ) -> None:
        current = self.amounts.get(stage)
        if current is None or occurred_on >= current["occurred_on"]:
            self.amounts[stage] = {"amount": amount, "occurred_on": occurred_on, "source": source}
