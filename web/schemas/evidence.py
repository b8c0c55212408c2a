"""Bodies of citizen evidence, its retraction and its quality assessments."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from domain.evidence import Evidence
from domain.texts import LABEL, PROSE
from domain.vocabularies import (
    CONSENT_KINDS,
    DISAGGREGATION_DIMENSIONS,
    EVIDENCE_METHODS,
    QUALITY_RATINGS,
    SENSITIVITIES,
)
from web.schemas.common import (
    Body,
    RecordOut,
    correction_schema,
    external_ref,
    judged,
    judgement,
)
from web.schemas.fields import (
    Count,
    Day,
    StrictBoolean,
    choice,
    choices,
    coalition,
    occurred_on,
    sdg_targets,
    text,
    texts,
)


class ConsentIn(Body):
    """Whether consent was obtained, and how."""

    obtained = StrictBoolean(required=True)
    kind = choice(CONSENT_KINDS)


class EvidenceIn(Body):
    """A citizen data set or report, described after the Copenhagen Framework.

    `collected_to` must not be before `collected_from` (a 422 names `collected_to`).
    """

    coalition = coalition()
    title = text()
    summary = text(blank=True, limit=PROSE)
    method = choice(EVIDENCE_METHODS)
    collected_from = Day(required=True)
    collected_to = Day(required=True)
    locations = texts(load_default=list)
    sample_size = Count(required=True)
    sampling = text(blank=True, limit=PROSE, load_default="")
    groups = texts()
    disaggregation = choices(DISAGGREGATION_DIMENSIONS)
    participation_level = Count(required=True, validate=validate.Range(min=1, max=5))
    value_chain_stages = texts(load_default=list)
    producers = texts()
    consent = fields.Nested(ConsentIn, required=True)
    sensitivity = choice(SENSITIVITIES)
    sdg_targets = sdg_targets()
    link = text(limit=LABEL, load_default=None, allow_none=True)
    occurred_on = occurred_on()
    external_ref = external_ref()

    @validates_schema
    def _period_runs_forwards(self, data: dict[str, Any], **_kwargs: Any) -> None:
        start, end = data.get("collected_from"), data.get("collected_to")
        if start and end and end < start:
            raise ValidationError("must not be before collected_from", "collected_to")


EvidenceCorrectionIn = correction_schema(EvidenceIn, Evidence.CORRECTABLE)


class RetractionIn(Body):
    """Why the evidence is withdrawn from use."""

    reason = text(limit=PROSE)
    occurred_on = occurred_on(optional=True)


class QualityAssessmentIn(Body):
    """How far the evidence can be relied on."""

    rating, note, occurred_on = judgement(QUALITY_RATINGS)


class QualityOut(Schema):
    """The latest quality assessment."""

    rating, note, occurred_on = judged()


class EvidenceOut(RecordOut):
    """Evidence as it stands now; only id, coalition and sensitivity when redacted."""

    coalition = fields.String(required=True)
    sensitivity = fields.String(required=True)
    redacted = fields.Boolean(required=True)
    version = fields.Integer()
    title = fields.String()
    summary = fields.String()
    method = fields.String()
    collected_from = fields.Date()
    collected_to = fields.Date()
    locations = fields.List(fields.String())
    sample_size = fields.Integer()
    sampling = fields.String()
    groups = fields.List(fields.String())
    disaggregation = fields.List(fields.String())
    participation_level = fields.Integer()
    value_chain_stages = fields.List(fields.String())
    producers = fields.List(fields.String())
    consent = fields.Dict()
    sdg_targets = fields.List(fields.String())
    link = fields.String(allow_none=True)
    quality = fields.Nested(QualityOut, allow_none=True)
    retraction_reason = fields.String(allow_none=True)
