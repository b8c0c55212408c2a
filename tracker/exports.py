"""The CSV exports, the same from `GET /exports/<name>.csv` and `tracker export NAME`.

One row per record (per entry for the timeline), a header row first, UTF-8. A cell that a
spreadsheet would run as a formula (starting with `=`, `+`, `-` or `@`, or a tab or
carriage return that some spreadsheets skip before one) is prefixed with `'`.
Commitments, the timeline and budget lines come from their read models; evidence and
outcomes, which have no read model of their own, are folded from their events in the store.
Evidence content a reader may not see is left out (the row keeps id, coalition and
sensitivity, and says `redacted`); the command line reads as the operator, who sees all.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TextIO
from uuid import UUID

from domain.evidence import Evidence
from domain.external_refs import ExternalReference
from domain.outcomes import LINK_KINDS, Outcome
from domain.records import Record
from projections.queries import exports as read_models
from tracker.accounts import User, list_users
from tracker.cells import defused
from tracker.composition import Services
from tracker.errors import RecordNotFound
from tracker.sensitivity import may_read, timeline_title

STAGES = ("proposed", "allocated", "released", "spent")
COLUMNS: dict[str, tuple[str, ...]] = {
    "commitments": (
        "id", "external_system", "external_id", "coalition", "dialogue", "text", "institution",
        "role", "level", "groups", "sdg_targets", "status", "completion", "occurred_on", "due_on",
        "overdue", "days_overdue", "review_verdict", "review_on", "recorded_at", "recorded_by",
    ),
    "timeline": (
        "occurred_on", "recorded_at", "kind", "title", "ref_type", "ref_id", "coalition",
        "recorded_by", "correction", "redacted",
    ),
    "budget": (
        "id", "external_system", "external_id", "coalition", "government", "level",
        "fiscal_year", "programme", "currency", "groups", "commitments", "dated_on",
        *(f"{stage}{part}" for stage in STAGES for part in ("", "_on", "_source")),
        "recorded_at", "recorded_by",
    ),
    "outcomes": (
        "id", "external_system", "external_id", "coalition", "occurred_on", "description",
        "social_actor", "change_type", "stage", "significance", "contribution",
        *(f"linked_{kind}" for kind in LINK_KINDS),
        "substantiation", "substantiated_on", "recorded_at", "recorded_by",
    ),
    "evidence": (
        "id", "external_system", "external_id", "coalition", "sensitivity", "redacted",
        "occurred_on", "title", "summary", "method", "collected_from", "collected_to", "locations",
        "sample_size", "sampling",
        "groups", "disaggregation", "participation_level", "value_chain_stages", "producers",
        "consent_obtained", "consent_kind", "sdg_targets", "link", "quality", "closed_as",
        "recorded_at", "recorded_by",
    ),
}  # fmt: skip
EXPORTS = tuple(COLUMNS)
ROWS_PER_CHUNK = 500  # rows written to the stream at once
EVENTS_PER_READ = 1000


def csv_chunks(
    services: Services, name: str, *, coalition: str | None = None, reader: User | None = None
) -> Iterator[str]:
    """The export as pieces of CSV text, header first, for a streamed answer.

    `coalition` (a code or id) must name a coalition (RecordNotFound otherwise: ask
    before streaming, since an error cannot be answered once the header is sent).
    """
    key = None if coalition is None else services.tracker.coalition_id(coalition)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS[name])
    names = {user.id: user.name for user in list_users(services.engine)}
    for count, row in enumerate(_rows(services, name, key, reader), start=1):
        row["recorded_by"] = names.get(row["recorded_by"], row["recorded_by"])
        writer.writerow([cell(row.get(column)) for column in COLUMNS[name]])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_export(
    services: Services,
    name: str,
    out: TextIO,
    *,
    coalition: str | None = None,
    reader: User | None = None,
) -> None:
    """Write the export to a text stream (opened with `newline=""`)."""
    for chunk in csv_chunks(services, name, coalition=coalition, reader=reader):
        out.write(chunk)


def export_command(
    services: Services,
    name: str,
    *,
    coalition: str | None = None,
    output: str | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`tracker export NAME [--coalition CODE] [-o FILE]`: the CSV to FILE or standard
    output, as the operator (no redaction); the exit code (1 for an unknown name or
    coalition, with the reason on standard error)."""
    err = err or sys.stderr
    if name not in COLUMNS:
        print(f"error: no export named {name!r}; there are: {', '.join(EXPORTS)}", file=err)
        return 1
    try:
        if coalition is not None:
            coalition = str(services.tracker.coalition_id(coalition.strip().lower()))
    except RecordNotFound:
        print(f"error: no coalition {coalition!r}", file=err)
        return 1
    if output is None:
        write_export(services, name, out or sys.stdout, coalition=coalition)
        return 0
    with open(output, "w", encoding="utf-8", newline="") as file:
        write_export(services, name, file, coalition=coalition)
    print(f"wrote the {name} export to {output}", file=err)
    return 0


def cell(value: Any) -> str:
    """A value as one CSV cell: lists joined by `; `, booleans `true`/`false`, dates ISO,
    amounts in plain notation; text a spreadsheet would run as a formula, defused."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = f"{value:f}"
    elif isinstance(value, date | datetime):
        text = value.isoformat()
    elif isinstance(value, list | tuple):
        return "; ".join(cell(item) for item in value)  # each item defused, as an import reads
    else:
        text = str(value)
    return defused(text)


def _rows(
    services: Services, name: str, coalition: UUID | None, reader: User | None
) -> Iterator[dict[str, Any]]:
    engine = services.engine
    if name == "commitments":
        claims = _claims(services, "commitment")
        for row in read_models.commitment_rows(engine, coalition):
            yield {**row, **claims.get(row["id"], {})}
    elif name == "budget":
        claims = _claims(services, "budget_line")
        for row in read_models.budget_rows(engine, coalition):
            yield {**row, **claims.get(row["id"], {})}
    elif name == "timeline":
        for entry in read_models.timeline_rows(engine, coalition):
            now, then = entry.pop("sensitivity"), entry.pop("written_under")
            title, hidden = timeline_title(
                reader, entry["kind"], entry["title"], then, now, entry["coalition"]
            )
            yield {**entry, "title": title, "redacted": hidden}
    elif name == "outcomes":
        codes = _Codes(services)
        for outcome in _records(services, Outcome, coalition):
            yield _outcome(outcome, codes[outcome.coalition])
    else:
        codes = _Codes(services)
        for evidence in _records(services, Evidence, coalition):
            yield _evidence(evidence, codes[evidence.coalition], reader)


def _records(services: Services, cls: type[Record], coalition: UUID | None) -> Iterable[Any]:
    """Every record of a kind as it stands now, folded from its events in one pass over the
    store (records of other coalitions are left unfolded), in the order they were made."""
    tracker = services.tracker
    topics = [t.TOPIC for t in vars(cls).values() if isinstance(t, type) and hasattr(t, "TOPIC")]
    records: dict[UUID, Any] = {}
    elsewhere: set[UUID] = set()
    position = 0
    while found := tracker.recorder.select_notifications(
        position + 1, EVENTS_PER_READ, topics=topics
    ):
        for notification in found:
            if notification.originator_id in elsewhere:
                continue
            event: Any = tracker.mapper.to_domain_event(notification)
            record = event.mutate(records.get(event.originator_id))
            if coalition is not None and record.coalition != coalition:
                elsewhere.add(event.originator_id)
                continue
            records[event.originator_id] = record
        position = found[-1].id
    return records.values()


def _claims(services: Services, kind: str) -> dict[str, dict[str, str]]:
    """The external reference of each record of `kind` that has one, by the record's id,
    from the claims in the store (the read models do not keep them): one pass over the
    claims alone."""
    tracker, found, position = services.tracker, {}, 0
    while claims := tracker.recorder.select_notifications(
        position + 1, EVENTS_PER_READ, topics=[ExternalReference.Claimed.TOPIC]
    ):
        for notification in claims:
            claim: Any = tracker.mapper.to_domain_event(notification)
            if claim.kind == kind:
                found[str(claim.record)] = _external(claim.system, claim.ref)
        position = claims[-1].id
    return found


def _external(system: str, ref: str) -> dict[str, str]:
    return {"external_system": system, "external_id": ref}


def _external_ref(record: Any) -> dict[str, str]:
    ref = record.external_ref
    return {} if ref is None else _external(ref["system"], ref["id"])


class _Codes(dict[UUID, str]):
    """Coalition codes by id, each read from the store once."""

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def __missing__(self, coalition: UUID) -> str:
        found = self.services.tracker.get("coalition", coalition)
        code = str(found.code)  # type: ignore[attr-defined]
        self[coalition] = code
        return code


def _outcome(outcome: Any, code: str) -> dict[str, Any]:
    latest = outcome.substantiations[-1] if outcome.substantiations else None
    return {
        **{k: getattr(outcome, k) for k in COLUMNS["outcomes"] if hasattr(outcome, k)},
        "id": str(outcome.id),
        "coalition": code,
        **{f"linked_{kind}": outcome.links.get(kind, []) for kind in LINK_KINDS},
        "substantiation": latest and latest["verdict"],
        "substantiated_on": latest and latest["occurred_on"],
        "recorded_at": outcome.created_on,
        **_external_ref(outcome),
    }


def _evidence(evidence: Any, code: str, reader: User | None) -> dict[str, Any]:
    shown = {"id": str(evidence.id), "coalition": code, "sensitivity": evidence.sensitivity}
    if not may_read(reader, evidence.sensitivity, evidence.coalition):
        return {**shown, "redacted": True, "recorded_by": None}
    return {
        **{k: getattr(evidence, k) for k in COLUMNS["evidence"] if hasattr(evidence, k)},
        **shown,
        "redacted": False,
        "consent_obtained": evidence.consent.get("obtained"),
        "consent_kind": evidence.consent.get("kind"),
        "quality": evidence.quality and evidence.quality["rating"],
        "recorded_at": evidence.created_on,
        **_external_ref(evidence),
    }
