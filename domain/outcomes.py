"""An outcome: a change in policy or practice, harvested and then substantiated."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.records import Record, without_source
from domain.rules import Check, check_change
from domain.vocabularies import CHANGE_TYPES, POLICY_STAGES, SUBSTANTIATION_VERDICTS

# What an outcome may be linked to, by the kind of record.
LINK_KINDS = ("evidence", "advocacy_inputs", "dialogues", "commitments", "budget_lines")


class Outcome(Record):
    """Who changed what, when and where; how the coalition contributed; who vouches for it."""

    TOPIC = "outcome"
    KIND = "outcome"
    FIELDS = (
        "coalition",
        "description",
        "social_actor",
        "change_type",
        "stage",
        "significance",
        "contribution",
        "links",
        "source",
    )
    OPTIONAL = {"source": None}
    CORRECTABLE = ("description", "social_actor", "change_type", "significance", "contribution")

    class Created(Aggregate.Created):
        TOPIC = "outcome.created"

    class Harvested(Created):
        TOPIC = "outcome.harvested"
        class_version = 2  # 2: `source`, an imported row's other columns
        coalition: UUID
        description: str
        social_actor: str
        change_type: str
        stage: str
        significance: str
        contribution: str
        links: dict[str, list[UUID]]
        occurred_on: date
        recorded_by: str
        external_ref: dict[str, str] | None
        source: dict[str, str] | None

        upcast_v1_v2 = staticmethod(without_source)

    class Substantiated(Aggregate.Event):
        TOPIC = "outcome.substantiated"
        verdict: str
        note: str
        occurred_on: date
        recorded_by: str

    class StageChanged(Aggregate.Event):
        TOPIC = "outcome.stage_changed"
        stage: str
        note: str
        occurred_on: date
        recorded_by: str

    class Corrected(Record.Corrected):
        TOPIC = "outcome.corrected"

    @event(Harvested)
    def __init__(
        self,
        *,
        coalition: UUID,
        description: str,
        social_actor: str,
        change_type: str,
        stage: str,
        significance: str,
        contribution: str,
        links: dict[str, list[UUID]],
        occurred_on: date,
        recorded_by: str,
        external_ref: dict[str, str] | None,
        source: dict[str, str] | None = None,
    ) -> None:
        self.source = source
        self.coalition, self.description, self.social_actor = coalition, description, social_actor
        self.change_type, self.stage = change_type, stage
        self.significance, self.contribution, self.links = significance, contribution, links
        self.occurred_on, self.recorded_by, self.external_ref = (
            occurred_on,
            recorded_by,
            external_ref,
        )
        self.substantiations: list[dict[str, Any]] = []

    @classmethod
    def check_fields(cls, check: Check) -> None:
        """Change type and stage are from the vocabularies; links are grouped by kind."""
        if not isinstance(check.fields.get("coalition"), UUID):
            check.problem("coalition", "must be a coalition id")
        check.text("description")
        check.text("social_actor")
        check.choice("change_type", CHANGE_TYPES)
        check.choice("stage", POLICY_STAGES)
        check.text("significance", empty_ok=True)
        check.text("contribution", empty_ok=True)
        links = check.fields.get("links")
        if not isinstance(links, dict) or set(links) != set(LINK_KINDS):
            check.problem("links", f"must name lists of ids for each of: {', '.join(LINK_KINDS)}")
        else:
            for kind in LINK_KINDS:
                ids = links[kind]
                if not isinstance(ids, list) or not all(isinstance(i, UUID) for i in ids):
                    check.problem(f"links.{kind}", "must be a list of record ids")
                elif len(set(ids)) != len(ids):
                    check.problem(f"links.{kind}", "must not name a record twice")
        check.source("source")

    def change_stage(self, stage: str, note: str, occurred_on: date, recorded_by: str) -> None:
        """The change moved on (adopted, budgeted, implemented) or back (blocked, reversed)."""
        check = check_change(occurred_on, recorded_by, stage=stage, note=note)
        check.choice("stage", POLICY_STAGES)
        check.text("note", empty_ok=True)
        check.done()
        self._change_stage(stage=stage, note=note, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(StageChanged)
    def _change_stage(self, stage: str, note: str, occurred_on: date, recorded_by: str) -> None:
        self.stage = stage

    def substantiate(self, verdict: str, note: str, occurred_on: date, recorded_by: str) -> None:
        """An evaluator's verdict on whether the change happened as described."""
        check = check_change(occurred_on, recorded_by, verdict=verdict, note=note)
        check.choice("verdict", SUBSTANTIATION_VERDICTS)
        check.text("note", empty_ok=True)
        check.done()
        self._substantiate(
            verdict=verdict, note=note, occurred_on=occurred_on, recorded_by=recorded_by
        )

    @event(Substantiated)
    def _substantiate(self, verdict: str, note: str, occurred_on: date, recorded_by: str) -> None:
        self.substantiations.append(
            {"verdict": verdict, "note": note, "occurred_on": occurred_on, "by": recorded_by}
        )
