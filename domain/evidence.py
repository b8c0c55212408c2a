"""Citizen evidence: a data set or report that marginalised communities produced.

Fields follow the Copenhagen Framework on Citizen Data and SDG 17.18. Names of community
respondents are never recorded: groups are described, people are not.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from domain.records import Record, without_source
from domain.rules import Check, check_change
from domain.vocabularies import (
    CONSENT_KINDS,
    DISAGGREGATION_DIMENSIONS,
    EVIDENCE_METHODS,
    PARTICIPATION_LEVELS,
    QUALITY_RATINGS,
    SENSITIVITIES,
)


class Evidence(Record):
    """A citizen data set or report, with how it was produced and who took part."""

    TOPIC = "evidence"
    KIND = "evidence"
    FIELDS = (
        "coalition",
        "title",
        "summary",
        "method",
        "collected_from",
        "collected_to",
        "locations",
        "sample_size",
        "sampling",
        "groups",
        "disaggregation",
        "participation_level",
        "value_chain_stages",
        "producers",
        "consent",
        "sensitivity",
        "sdg_targets",
        "link",
        "source",
    )
    OPTIONAL = {
        "source": None,
        "locations": [],
        "sampling": "",
        "value_chain_stages": [],
        "link": None,
    }
    CORRECTABLE = FIELDS[1:-1]  # all but the coalition and an import's source

    class Created(Aggregate.Created):
        TOPIC = "evidence.created"

    class Recorded(Created):
        TOPIC = "evidence.recorded"
        class_version = 2  # 2: `source`, an imported row's other columns
        coalition: UUID
        title: str
        summary: str
        method: str
        collected_from: date
        collected_to: date
        locations: list[str]
        sample_size: int
        sampling: str
        groups: list[str]
        disaggregation: list[str]
        participation_level: int
        value_chain_stages: list[str]
        producers: list[str]
        consent: dict[str, Any]
        sensitivity: str
        sdg_targets: list[str]
        link: str | None
        occurred_on: date
        recorded_by: str
        external_ref: dict[str, str] | None
        source: dict[str, str] | None

        upcast_v1_v2 = staticmethod(without_source)

    class Corrected(Record.Corrected):
        TOPIC = "evidence.corrected"

    class Retracted(Aggregate.Event):
        TOPIC = "evidence.retracted"
        reason: str
        occurred_on: date
        recorded_by: str

    class QualityAssessed(Aggregate.Event):
        TOPIC = "evidence.quality_assessed"
        rating: str
        note: str
        occurred_on: date
        recorded_by: str

    @event(Recorded)
    def __init__(
        self,
        *,
        coalition: UUID,
        title: str,
        summary: str,
        method: str,
        collected_from: date,
        collected_to: date,
        locations: list[str],
        sample_size: int,
        sampling: str,
        groups: list[str],
        disaggregation: list[str],
        participation_level: int,
        value_chain_stages: list[str],
        producers: list[str],
        consent: dict[str, Any],
        sensitivity: str,
        sdg_targets: list[str],
        link: str | None,
        occurred_on: date,
        recorded_by: str,
        external_ref: dict[str, str] | None,
        source: dict[str, str] | None = None,
    ) -> None:
        self.source = source
        self.coalition, self.title, self.summary, self.method = coalition, title, summary, method
        self.collected_from, self.collected_to = collected_from, collected_to
        self.locations, self.sample_size, self.sampling = locations, sample_size, sampling
        self.groups, self.disaggregation = groups, disaggregation
        self.participation_level, self.value_chain_stages = participation_level, value_chain_stages
        self.producers, self.consent, self.sensitivity = producers, consent, sensitivity
        self.sdg_targets, self.link = sdg_targets, link
        self.occurred_on, self.recorded_by, self.external_ref = (
            occurred_on,
            recorded_by,
            external_ref,
        )
        self.quality: dict[str, Any] | None = None
        self.retraction_reason: str | None = None

    @classmethod
    def check_fields(cls, check: Check) -> None:
        """Vocabularies are closed, counts are not negative, a period does not run backwards."""
        fields = check.fields
        if not isinstance(fields.get("coalition"), UUID):
            check.problem("coalition", "must be a coalition id")
        check.text("title")
        check.text("summary", empty_ok=True)
        check.choice("method", EVIDENCE_METHODS)
        check.day("collected_from")
        check.day("collected_to")
        start, end = fields.get("collected_from"), fields.get("collected_to")
        # type, not isinstance: a datetime is a date too, refused above, and cannot be compared.
        if type(start) is date and type(end) is date and end < start:
            check.problem("collected_to", "must not be before collected_from")
        check.texts("locations")
        check.count("sample_size")
        check.text("sampling", empty_ok=True)
        check.texts("groups")
        check.choices("disaggregation", DISAGGREGATION_DIMENSIONS)
        check.choice("participation_level", PARTICIPATION_LEVELS, hint="a whole number 1 to 5")
        check.texts("value_chain_stages")
        check.texts("producers")
        _check_consent(check)
        check.choice("sensitivity", SENSITIVITIES)
        check.sdg_targets("sdg_targets")
        check.text("link", optional=True)
        check.source("source")

    def retract(self, reason: str, occurred_on: date, recorded_by: str) -> None:
        """Withdraw the evidence from use; it stays on record with its history."""
        self.ensure_open()
        check = check_change(occurred_on, recorded_by, reason=reason)
        check.text("reason")
        check.done()
        self._retract(reason=reason, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(Retracted)
    def _retract(self, reason: str, occurred_on: date, recorded_by: str) -> None:
        self.closed_as, self.retraction_reason = "retracted", reason

    def assess_quality(self, rating: str, note: str, occurred_on: date, recorded_by: str) -> None:
        """Record a judgement of how far the evidence can be relied on."""
        self.ensure_open()
        check = check_change(occurred_on, recorded_by, rating=rating, note=note)
        check.choice("rating", QUALITY_RATINGS)
        check.text("note", empty_ok=True)
        check.done()
        self._assess_quality(
            rating=rating, note=note, occurred_on=occurred_on, recorded_by=recorded_by
        )

    @event(QualityAssessed)
    def _assess_quality(self, rating: str, note: str, occurred_on: date, recorded_by: str) -> None:
        self.quality = {"rating": rating, "note": note, "occurred_on": occurred_on}


def _check_consent(check: Check) -> None:
    consent = check.fields.get("consent")
    if (
        not isinstance(consent, dict)
        or set(consent) != {"obtained", "kind"}
        or not isinstance(consent["obtained"], bool)
        or consent["kind"] not in CONSENT_KINDS
    ):
        check.problem(
            "consent", f"must be {{obtained: true or false, kind: {' | '.join(CONSENT_KINDS)}}}"
        )
