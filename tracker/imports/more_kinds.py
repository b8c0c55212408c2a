"""The importable kinds besides commitments: evidence, outcomes and budget lines (with their
amounts, one column group per stage), and `IMPORT_KINDS`, all four by name. See
tracker.imports.kinds for what a kind says."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.budget_lines import BudgetLine
from domain.commitments import Commitment
from domain.errors import InvalidRecord
from domain.evidence import Evidence
from domain.outcomes import LINK_KINDS, Outcome
from domain.records import Record
from domain.vocabularies import BUDGET_STAGES
from tracker.imports.kinds import COMMITMENTS, REASON, ImportKind, given
from tracker.store import OUTCOME_LINK_CLASSES

# What the tracker's own export of each kind adds that an import reads as nothing.
DERIVED = ("recorded_at", "recorded_by")


def corrected(
    record: Record, wanted: dict[str, Any], values: dict[str, Any], on: date, by: str
) -> list[str]:
    """One correction of every correctable field the row names and changes."""
    changes = {
        name: wanted[name]
        for name in record.CORRECTABLE
        if name in wanted and given(values, name) and wanted[name] != getattr(record, name)
    }
    if not changes:
        return []
    record.correct(changes, REASON, on, by)
    return ["correction"]


# Evidence -----------------------------------------------------------------------------------

EVIDENCE_TYPES = {
    "coalition": "coalition", "title": "text", "summary": "text", "method": "text",
    "collected_from": "date", "collected_to": "date", "locations": "list", "sample_size": "int",
    "sampling": "text", "groups": "list", "disaggregation": "list",
    "participation_level": "int", "value_chain_stages": "list", "producers": "list",
    "consent.obtained": "bool", "consent.kind": "text", "sensitivity": "text",
    "sdg_targets": "list", "link": "text", "occurred_on": "date",
}  # fmt: skip


LISTS_OF_EVIDENCE = (
    "locations", "groups", "disaggregation", "value_chain_stages", "producers", "sdg_targets",
)  # fmt: skip


def _evidence_fields(values: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        name: values.get(name) for name in Evidence.FIELDS if name not in ("consent", "source")
    }
    for name in LISTS_OF_EVIDENCE:
        fields[name] = fields[name] or []
    fields["summary"] = fields["summary"] or ""
    fields["sampling"] = fields["sampling"] or ""
    fields["consent"] = {
        "obtained": values.get("consent.obtained", False),
        "kind": values.get("consent.kind"),
    }
    fields["occurred_on"] = values.get("occurred_on")
    return fields


def _evidence_update(evidence: Evidence, values: dict[str, Any], on: date, by: str) -> list[str]:
    return corrected(evidence, _evidence_fields(values), values, on, by)


EVIDENCE = ImportKind(
    name="evidence",
    record="evidence",
    cls=Evidence,
    fields=EVIDENCE_TYPES,
    export_columns={
        "id": "id",
        **{name: name for name in EVIDENCE_TYPES if not name.startswith("consent.")},
        "consent.obtained": "consent_obtained",
        "consent.kind": "consent_kind",
    },
    derived_columns=("redacted", "quality", "closed_as", *DERIVED),
    create=_evidence_fields,
    update=_evidence_update,
)


# Outcomes -----------------------------------------------------------------------------------

OUTCOME_TYPES = {
    "coalition": "coalition", "description": "text", "social_actor": "text",
    "change_type": "text", "stage": "text", "significance": "text", "contribution": "text",
    **{f"links.{kind}": "ids" for kind in LINK_KINDS}, "occurred_on": "date",
}  # fmt: skip


TEXTS_OF_OUTCOMES = ("description", "social_actor", "change_type", "significance", "contribution")


def _outcome_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "coalition": values.get("coalition"),
        **{name: values.get(name) or "" for name in TEXTS_OF_OUTCOMES},
        "stage": values.get("stage"),
        "links": {kind: values.get(f"links.{kind}") or [] for kind in LINK_KINDS},
        "occurred_on": values.get("occurred_on"),
    }


def _outcome_update(outcome: Outcome, values: dict[str, Any], on: date, by: str) -> list[str]:
    wanted = _outcome_fields(values)
    taken = corrected(outcome, wanted, values, on, by)
    if given(values, "stage") and wanted["stage"] != outcome.stage:
        outcome.change_stage(wanted["stage"], REASON, on, by)
        taken.append("stage change")
    return taken


OUTCOMES = ImportKind(
    name="outcomes",
    record="outcome",
    cls=Outcome,
    fields=OUTCOME_TYPES,
    export_columns={
        "id": "id",
        **{name: name for name in OUTCOME_TYPES if not name.startswith("links.")},
        **{f"links.{kind}": f"linked_{kind}" for kind in LINK_KINDS},
    },
    derived_columns=("substantiation", "substantiated_on", *DERIVED),
    create=_outcome_fields,
    update=_outcome_update,
    references=lambda fields: {
        f"links.{kind}": (ids, OUTCOME_LINK_CLASSES[kind]) for kind, ids in fields["links"].items()
    },
)


# Budget lines -------------------------------------------------------------------------------

BUDGET_TYPES = {
    "coalition": "coalition", "commitments": "ids", "government": "text", "level": "text",
    "fiscal_year": "text", "programme": "text", "currency": "text", "groups": "list",
    "occurred_on": "date",
    **{f"{stage}{part}": kind for stage in BUDGET_STAGES
       for part, kind in (("", "decimal"), ("_on", "date"), ("_source", "text"))},
}  # fmt: skip


def _budget_fields(values: dict[str, Any]) -> dict[str, Any]:
    return {
        **{name: values.get(name) for name in BudgetLine.FIELDS if name != "source"},
        "commitments": values.get("commitments") or [],
        "groups": values.get("groups") or [],
        "occurred_on": values.get("occurred_on"),
    }


def _amounts(line: BudgetLine, values: dict[str, Any], on: date, by: str) -> list[str]:
    """A recorded amount for each stage whose figure or date the row changes."""
    taken = []
    for stage in BUDGET_STAGES:
        amount = values.get(stage)
        if amount is None:
            continue
        when = values.get(f"{stage}_on") or on
        current = line.amounts.get(stage)
        if current is not None and (current["amount"], current["occurred_on"]) == (amount, when):
            continue
        if current is not None and when < current["occurred_on"]:
            raise InvalidRecord(
                {f"{stage}_on": [f"is before the {stage} figure already recorded on "
                                 f"{current['occurred_on'].isoformat()}"]}
            )  # fmt: skip
        line.record_amount(stage, amount, when, values.get(f"{stage}_source") or "", by)
        taken.append(f"{stage} amount")
    return taken


def _budget_created(line: BudgetLine, values: dict[str, Any], on: date, by: str) -> None:
    """A new budget line with the amounts its row gives."""
    _amounts(line, values, on, by)


def _budget_update(line: BudgetLine, values: dict[str, Any], on: date, by: str) -> list[str]:
    return corrected(line, _budget_fields(values), values, on, by) + _amounts(line, values, on, by)


BUDGET_LINES = ImportKind(
    name="budget-lines",
    record="budget_line",
    cls=BudgetLine,
    fields=BUDGET_TYPES,
    export_columns={"id": "id", **{name: name for name in BUDGET_TYPES if name != "occurred_on"}},
    derived_columns=("dated_on", *DERIVED),
    create=_budget_fields,
    update=_budget_update,
    after_create=_budget_created,
    references=lambda fields: {"commitments": (fields["commitments"], Commitment)},
)

IMPORT_KINDS: dict[str, ImportKind] = {
    kind.name: kind for kind in (COMMITMENTS, EVIDENCE, OUTCOMES, BUDGET_LINES)
}
