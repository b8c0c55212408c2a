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


# Who gave a substantiation: a user of the tracker, or a person outside the partnership
# (a district officer, a community leader) who answered a link sent to them.
SUBSTANTIATION_SOURCES = ("member", "outside")


def substantiated_by_a_member(state: dict[str, Any]) -> None:
    """Upcast a substantiation of version 1, from before outside answers: a member's."""
    state["source"] = "member"
    state["name"] = None


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
        class_version = 2  # 2: `source` and `name`, for answers from outside the partnership
        verdict: str
        note: str
        occurred_on: date
        recorded_by: str  # for an outside answer: the user who asked for it
        source: str  # "member" (a user of the tracker) or "outside" (a person asked by link)
        name: str | None  # the outside person's name as they gave it; None for a member

        upcast_v1_v2 = staticmethod(substantiated_by_a_member)

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

    def substantiate(
        self,
        verdict: str,
        note: str,
        occurred_on: date,
        recorded_by: str,
        source: str = "member",
        name: str | None = None,
    ) -> None:
        """A verdict on whether the change happened as described: an evaluator's, or an
        outside person's (`source` "outside", with their `name`; `recorded_by` is then the
        user who asked them)."""
        check = check_change(
            occurred_on, recorded_by, verdict=verdict, note=note, source=source, name=name
        )
        check.choice("verdict", SUBSTANTIATION_VERDICTS)
        check.text("note", empty_ok=True)
        check.choice("source", SUBSTANTIATION_SOURCES)
        if source == "outside":
            check.text("name")
        elif name is not None:
            check.problem("name", "only an outside substantiation names who gave it")
        check.done()
        self._substantiate(
            verdict=verdict,
            note=note,
            occurred_on=occurred_on,
            recorded_by=recorded_by,
            source=source,
            name=name,
        )

    @event(Substantiated)
    def _substantiate(
        self,
        verdict: str,
        note: str,
        occurred_on: date,
        recorded_by: str,
        source: str,
        name: str | None,
    ) -> None:
        self.substantiations.append(
            {
                "verdict": verdict,
                "note": note,
                "occurred_on": occurred_on,
                "by": recorded_by,
                "source": source,
                "name": name,
            }
        )
