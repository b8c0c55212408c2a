"""What the pages read: the read models through projections.queries (a coalition's
timeline, commitments, the coalitions, a coalition's records) and records by id, with
users' names, and evidence content hidden from readers without the right."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain.coalitions import Coalition, coalition_id
from domain.vocabularies import OPEN_STATUSES, strictest
from projections import queries
from projections.kinds import API_KINDS, RECORD_KINDS
from tracker.accounts import User
from tracker.errors import RecordNotFound
from tracker.languages import DEFAULT
from tracker.sensitivity import timeline_title
from web.languages import language
from web.pages import timeline_sentences
from web.pages.labels import hidden_evidence, hidden_fact
from web.pages.session import may_see_content
from web.services import services, use_cases

MOST = 200  # the most a query answers at once


@dataclass(frozen=True)
class TimelineEntry:
    """One fact on a coalition's timeline."""

    occurred_on: date
    recorded_at: datetime
    kind: str
    title: str
    ref_kind: str
    ref_id: str
    recorded_by: str
    correction: bool


def all_coalitions() -> list[dict[str, Any]]:
    """Every coalition, by code."""
    return queries.all_coalitions(services().engine)


def hidden(user: User, item: dict[str, Any]) -> bool:
    """Whether a read-model row about evidence holds content this reader may not see."""
    return not may_see_content(user, item.get("sensitivity"), coalition_id(item["coalition"]))


def timeline_page(
    user: User,
    coalition: str,
    *,
    newest_first: bool = True,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int = 50,
) -> tuple[list[TimelineEntry], int]:
    """A page of a coalition's timeline and how many entries there are in all."""
    answer = queries.timeline(
        services().engine,
        coalition,
        from_=since,
        to=until,
        order="desc" if newest_first else "asc",
        page=page,
        per_page=per_page,
    )
    items = answer["items"]
    sentences = _in_page_language(items)
    entries = [
        TimelineEntry(
            occurred_on=item["occurred_on"],
            recorded_at=item["recorded_at"],
            kind=item["kind"],
            title=_timeline_title(user, item, sentences.get(item["position"])),
            ref_kind=RECORD_KINDS[item["ref"]["type"]],
            ref_id=item["ref"]["id"],
            recorded_by=item["recorded_by"],
            correction=item["correction"],
        )
        for item in items
    ]
    return entries, answer["total"]


def _in_page_language(items: list[dict[str, Any]]) -> dict[int, str]:
    """The timeline sentences of these entries written anew in the page's language, by
    position (none on an English page, which shows them as stored)."""
    if language() == DEFAULT:
        return {}
    events = services().tracker.events_at(item["position"] for item in items)
    written: dict[int, str] = {}
    for item in items:
        event = events.get(item["position"])
        if event is None:
            continue
        text = timeline_sentences.sentence(
            item["kind"], event, RECORD_KINDS[item["ref"]["type"]], item["label"], item["currency"]
        )
        if text is not None:
            written[item["position"]] = text
    return written


def _timeline_title(user: User, item: dict[str, Any], translated: str | None = None) -> str:
    """A timeline entry's sentence as the reader may read it. The sentences are stored in
    English (projections.titles); a page in another language writes them anew
    (`translated`), and the one that stands for hidden evidence content is in the page's
    language too."""
    title, hidden = timeline_title(
        user,
        item["kind"],
        item["title"],
        item["written_under"],
        item["sensitivity"],
        item["coalition"],
    )
    if hidden:
        return hidden_fact(item["kind"], strictest(item["written_under"], item["sensitivity"]))
    return translated or title


def commitments_where(**filters: Any) -> tuple[list[dict[str, Any]], int]:
    """Up to 200 commitments matching the filters (coalition, status, overdue, level,
    year), oldest made first, and how many match in all."""
    answer = queries.commitments(services().engine, filters, per_page=MOST)
    return answer["items"], answer["total"]


def open_commitments(coalition: str) -> tuple[list[dict[str, Any]], int]:
    """A coalition's open commitments, soonest due first (no due date last), and their count."""
    found: list[dict[str, Any]] = []
    total = 0
    for status in OPEN_STATUSES:
        items, count = commitments_where(coalition=coalition, status=status)
        found += items
        total += count
    found.sort(key=lambda c: (c["due_on"] is None, c["due_on"] or date.max))
    return found, total


def budget_lines_of(commitment: UUID) -> list[str]:
    """The ids of the budget lines tied to a commitment."""
    return queries.budget_lines_of(services().engine, commitment)


@dataclass(frozen=True)
class Choice:
    """A record offered in a form's list of links: id, what it is called, when."""

    id: str
    kind: str
    title: str
    occurred_on: date | None
    closed_as: str | None


def coalition_named(code: str) -> Coalition:
    """The coalition with this code (or id); RecordNotFound (a 404 page) if there is none."""
    record = use_cases().get("coalition", use_cases().coalition_id(code))
    if not isinstance(record, Coalition):  # pragma: no cover - coalition_id checked the kind
        raise RecordNotFound("coalition", code)
    return record


def records_of(coalition: UUID, kind: str, user: User) -> list[Choice]:
    """The coalition's records of a kind, newest first; content a user may not see is hidden."""
    rows = queries.records_of_kind(services().engine, API_KINDS[kind], coalition)
    return [_choice(row, user) for row in rows]


def all_records(kind: str, user: User) -> list[Choice]:
    """Every coalition's records of a kind, newest first."""
    return [
        _choice(row, user) for row in queries.records_of_kind(services().engine, API_KINDS[kind])
    ]


def followed_by(record_id: UUID, user: User) -> list[Choice]:
    """The records that follow directly from this one (a dialogue's commitments, a
    commitment's budget lines, the outcomes it contributed to), in the chain's order."""
    chain = queries.impact_chain(services().engine, record_id)
    if chain is None:
        return []
    effects = {edge["to"] for edge in chain["edges"] if edge["from"] == str(record_id)}
    return [
        _choice({**node, "coalition": str(coalition_id(node["coalition"]))}, user)
        for node in chain["nodes"]
        if node["id"] in effects
    ]


def _choice(row: Any, user: User) -> Choice:
    coalition = UUID(row["coalition"])
    visible = may_see_content(user, row["sensitivity"], coalition)
    return Choice(
        id=row["id"],
        kind=RECORD_KINDS[row["type"]],
        title=row["title"] if visible else hidden_evidence(row["sensitivity"]),
        occurred_on=row["occurred_on"],
        closed_as=row["closed_as"],
    )
