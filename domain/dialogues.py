"""A dialogue with decision makers, where advocacy inputs were presented."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.records import Record
from domain.rules import Check, check_change
from domain.vocabularies import DIALOGUE_FORMATS, LEVELS


class Dialogue(Record):
    """A meeting, hearing, forum or other exchange with decision makers.

    The commitments made in it are their own records, each naming this dialogue.
    """

    TOPIC = "dialogue"
    KIND = "dialogue"
    FIELDS = (
        "coalition",
        "title",
        "level",
        "format",
        "decision_makers",
        "participants",
        "advocacy_inputs",
        "summary",
    )
    CORRECTABLE = ("title", "level", "format", "decision_makers", "participants", "summary")

    class Created(Aggregate.Created):
        TOPIC = "dialogue.created"

    class Held(Created):
        TOPIC = "dialogue.held"
        coalition: UUID
        title: str
        level: str
        format: str
        decision_makers: list[dict[str, str]]
        participants: dict[str, Any]
        advocacy_inputs: list[UUID]
        summary: str
        occurred_on: date
        recorded_by: str
        external_ref: dict[str, str] | None

    class FollowUpRecorded(Aggregate.Event):
        TOPIC = "dialogue.follow_up_recorded"
        note: str
        occurred_on: date
        recorded_by: str

    class Corrected(Record.Corrected):
        TOPIC = "dialogue.corrected"

    @event(Held)
    def __init__(
        self,
        *,
        coalition: UUID,
        title: str,
        level: str,
        format: str,
        decision_makers: list[dict[str, str]],
        participants: dict[str, Any],
        advocacy_inputs: list[UUID],
        summary: str,
        occurred_on: date,
        recorded_by: str,
        external_ref: dict[str, str] | None,
    ) -> None:
        self.coalition, self.title, self.level, self.format = coalition, title, level, format
        self.decision_makers, self.participants = decision_makers, participants
        self.advocacy_inputs, self.summary = advocacy_inputs, summary
        self.occurred_on, self.recorded_by, self.external_ref = (
            occurred_on,
            recorded_by,
            external_ref,
        )
        self.follow_ups: list[dict[str, Any]] = []

    @classmethod
    def check_fields(cls, check: Check) -> None:
        """Decision makers are named with role and institution; participants are counted."""
        fields = check.fields
        if not isinstance(fields.get("coalition"), UUID):
            check.problem("coalition", "must be a coalition id")
        check.text("title")
        check.choice("level", LEVELS)
        check.choice("format", DIALOGUE_FORMATS)
        makers = fields.get("decision_makers")
        if not isinstance(makers, list):
            check.problem("decision_makers", "must be a list of {name, role, institution}")
        else:
            for index, maker in enumerate(makers):
                if (
                    not isinstance(maker, dict)
                    or set(maker) != {"name", "role", "institution"}
                    or not all(isinstance(part, str) for part in maker.values())
                    or not str(maker.get("institution", "")).strip()
                ):
                    check.problem(
                        f"decision_makers.{index}",
                        "must be {name, role, institution}, with an institution",
                    )
        _check_participants(check)
        check.ids("advocacy_inputs")
        check.text("summary", empty_ok=True)

    def record_follow_up(self, note: str, occurred_on: date, recorded_by: str) -> None:
        """Something that happened after the dialogue: a letter, a call, a second meeting."""
        check = check_change(occurred_on, recorded_by, note=note)
        check.text("note")
        check.done()
        self._follow_up(note=note, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(FollowUpRecorded)
    def _follow_up(self, note: str, occurred_on: date, recorded_by: str) -> None:
        self.follow_ups.append({"note": note, "occurred_on": occurred_on})


def _check_participants(check: Check) -> None:
    participants = check.fields.get("participants")
    message = "must be {total, by_group: {group: count}} with counts not negative"
    if not isinstance(participants, dict) or set(participants) != {"total", "by_group"}:
        check.problem("participants", message)
        return
    total, by_group = participants["total"], participants["by_group"]
    counts = [total, *(by_group.values() if isinstance(by_group, dict) else [None])]
    if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts):
        check.problem("participants", message)
    elif not all(isinstance(group, str) and group.strip() for group in by_group):
        check.problem("participants", "groups must be named")
