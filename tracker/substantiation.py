"""Outside substantiation: a link that lets a person outside the partnership (a district
officer, a community leader) confirm or dispute an outcome once, without an account.

Requests are plain rows beside the accounts, not events: they hold an outside person's
name and address, which are not part of the advocacy story. Only the answer is an event
(the outcome's `Substantiated`, with `source` "outside" and the person's name, recorded by
the user who asked). A link's token is random and kept only as its SHA-256; the link works
once, until the end (UTC) of its `expires_on`, and not after it is revoked.

Visits to links are counted in a table (as failed sign-ins are, tracker.sessions), so the
limits hold across web processes: at most CLIENT_VISITS from one client and TOKEN_VISITS
for one token within VISIT_WINDOW.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)

from domain.errors import InvalidRecord
from domain.evidence import Evidence
from domain.outcomes import Outcome
from tracker.accounts import AccountError, checked_email, checked_language, hash_token, metadata
from tracker.application import Tracker, today
from tracker.permissions import outsiders_may_read, written_under

LONGEST = timedelta(days=90)  # how far ahead a link may expire
VISIT_WINDOW = timedelta(minutes=10)
CLIENT_VISITS = 60  # requests to /substantiate/* from one client within the window
TOKEN_VISITS = 20  # requests for one link within the window

substantiation_requests = Table(
    "substantiation_requests",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("outcome_id", String(36), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # the token is never kept
    Column("name", String(300), nullable=False),
    Column("email", String(254), nullable=False),
    Column("language", String(8), nullable=False),
    Column("question", Text, nullable=False),
    Column("expires_on", Date, nullable=False),
    Column("asked_by", String(36), ForeignKey("users.id"), nullable=False),
    Column("asked_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True), nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("revoked_by", String(36), nullable=True),
    # The answer: the outcome's version its Substantiated event made.
    Column("substantiation_version", Integer, nullable=True),
)

outside_visits = Table(
    "outside_visits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("counter", String(100), nullable=False),  # "client:<address>" or "link:<hash>"
    Column("visited_at", DateTime(timezone=True), nullable=False),
    Index("ix_outside_visits_counter_visited_at", "counter", "visited_at"),
)


@dataclass(frozen=True)
class SubstantiationRequest:
    """One link sent to one outside person about one outcome."""

    id: str
    outcome_id: UUID
    name: str
    email: str
    language: str
    question: str
    expires_on: date
    asked_by: str
    asked_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    substantiation_version: int | None

    def status(self, on: date | None = None) -> str:
        """`open`, `used`, `revoked` or `expired` (after the end of `expires_on`, UTC)."""
        if self.used_at is not None:
            return "used"
        if self.revoked_at is not None:
            return "revoked"
        if (on or today()) > self.expires_on:
            return "expired"
        return "open"


class LinkGone(Exception):
    """The link was used, has expired or was revoked (410)."""


class LinkUnknown(Exception):
    """No link has this token (404)."""


def ask(
    engine: Engine,
    *,
    outcome_id: UUID,
    name: str,
    email: str,
    language: str,
    question: str,
    expires_on: date,
    asked_by: str,
) -> tuple[SubstantiationRequest, str]:
    """Make a request and its link's token; the token is returned once and never stored.

    `name` and `question` are checked by the caller's schema (domain.texts' rules); the
    address, the language and the expiry here: InvalidRecord naming each field.
    """
    errors = problems(email=email, language=language, expires_on=expires_on)
    if errors:
        raise InvalidRecord(errors)
    checked = checked_email(email)
    token = secrets.token_urlsafe(32)
    request = SubstantiationRequest(
        id=str(uuid.uuid4()),
        outcome_id=outcome_id,
        name=name.strip(),
        email=str(checked),
        language=language,
        question=question,
        expires_on=expires_on,
        asked_by=asked_by,
        asked_at=datetime.now(UTC),
        used_at=None,
        revoked_at=None,
        substantiation_version=None,
    )
    with engine.begin() as connection:
        connection.execute(
            insert(substantiation_requests).values(
                id=request.id,
                outcome_id=str(outcome_id),
                token_hash=hash_token(token),
                name=request.name,
                email=request.email,
                language=language,
                question=question,
                expires_on=expires_on,
                asked_by=asked_by,
                asked_at=request.asked_at,
            )
        )
    return request, token


def problems(
    *, email: str | None = None, language: str | None = None, expires_on: date | None = None
) -> dict[str, list[str]]:
    """What is wrong with a request's address, language and expiry, by field (only those
    given are checked): `ask` refuses with these, and a form shows them beside the others."""
    errors: dict[str, list[str]] = {}
    if email is not None:
        try:
            if checked_email(email) is None:
                errors["email"] = ["must be an e-mail address"]
        except AccountError as bad:
            errors["email"] = [str(bad)]
    if language is not None:
        try:
            code = checked_language(language)
            if code is None or code != language:
                errors["language"] = ["must be one of the tracker's language codes"]
        except AccountError as bad:
            errors["language"] = [str(bad)]
    if expires_on is not None:
        now = today()
        if expires_on <= now:
            errors["expires_on"] = ["must be after today"]
        elif expires_on > now + LONGEST:
            errors["expires_on"] = [f"must be at most {LONGEST.days} days ahead"]
    return errors


def requests_for(engine: Engine, outcome_id: UUID) -> list[SubstantiationRequest]:
    """An outcome's requests, oldest first."""
    query = (
        select(substantiation_requests)
        .where(substantiation_requests.c.outcome_id == str(outcome_id))
        .order_by(substantiation_requests.c.asked_at, substantiation_requests.c.id)
    )
    with engine.connect() as connection:
        return [_request(row) for row in connection.execute(query).mappings()]


def revoke(engine: Engine, outcome_id: UUID, request_id: str, revoked_by: str) -> bool:
    """Stop a link from working; False when the outcome has no such request. Revoking a
    link twice, or one already used, changes nothing."""
    row = substantiation_requests.c
    with engine.begin() as connection:
        found = connection.execute(
            select(row.id).where(row.id == request_id, row.outcome_id == str(outcome_id))
        ).first()
        if found is None:
            return False
        connection.execute(
            update(substantiation_requests)
            .where(row.id == request_id, row.revoked_at.is_(None), row.used_at.is_(None))
            .values(revoked_at=datetime.now(UTC), revoked_by=revoked_by)
        )
    return True


def open_request(engine: Engine, token: str) -> SubstantiationRequest:
    """The request a link's token opens; LinkUnknown or LinkGone when it opens none."""
    found = find_request(engine, token)
    if found.status() != "open":
        raise LinkGone(found.id)
    return found


def answer(
    engine: Engine, tracker: Tracker, token: str, *, verdict: str, note: str
) -> SubstantiationRequest:
    """Record the outside person's verdict as the outcome's substantiation, once.

    The link is claimed first (one UPDATE that only an open link passes), so two answers
    sent at once make one substantiation; if the substantiation cannot be saved, the claim
    is given back and the error raised.
    """
    found = open_request(engine, token)
    row = substantiation_requests.c
    with engine.begin() as connection:
        claimed = connection.execute(
            update(substantiation_requests)
            .where(
                row.id == found.id,
                row.used_at.is_(None),
                row.revoked_at.is_(None),
                row.expires_on >= today(),
            )
            .values(used_at=datetime.now(UTC))
        ).rowcount
    if claimed != 1:
        raise LinkGone(found.id)
    try:
        saved = tracker.substantiate_outcome(
            found.outcome_id,
            verdict=verdict,
            note=note,
            recorded_by=found.asked_by,
            source="outside",
            name=found.name,
        )
    except BaseException:
        with engine.begin() as connection:
            connection.execute(
                update(substantiation_requests).where(row.id == found.id).values(used_at=None)
            )
        raise
    with engine.begin() as connection:
        connection.execute(
            update(substantiation_requests)
            .where(row.id == found.id)
            .values(substantiation_version=saved.version)
        )
    return find_request(engine, token)


def public_evidence(tracker: Tracker, outcome: Outcome) -> list[Evidence]:
    """The evidence an outcome links to that anyone may read whole: public now, and public
    in every version (content once written while restricted or confidential stays hidden,
    as tracker.permissions judges sensitivity per version). The outside page shows these
    and nothing else of the outcome's chain."""
    found: list[Evidence] = []
    for evidence_id in outcome.links.get("evidence", []):
        evidence = tracker.get("evidence", evidence_id)
        assert isinstance(evidence, Evidence)
        levels = written_under(vars(e) for e in tracker.history("evidence", evidence_id))
        if outsiders_may_read(levels, evidence.sensitivity):
            found.append(evidence)
    return found


def form_key(secret: str, token: str) -> str:
    """The hidden value a link's form carries and must send back: derived from the link and
    the site's secret, so it needs no cookie and no earlier visit."""
    message = ("substantiate:" + hash_token(token)).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def too_many_visits(
    engine: Engine, client: str, token: str, now: datetime | None = None
) -> timedelta | None:
    """How long this client must wait before its next visit (to this link), or None; a
    visit allowed is counted."""
    now = now or datetime.now(UTC)
    since = now - VISIT_WINDOW
    counters = {
        f"client:{client}"[:100]: CLIENT_VISITS,
        f"link:{hash_token(token)}": TOKEN_VISITS,
    }
    c = outside_visits.c
    wait: timedelta | None = None
    with engine.connect() as connection:
        for counter, allowed in counters.items():
            recent = (
                connection.execute(
                    select(c.visited_at)
                    .where(c.counter == counter, c.visited_at > since)
                    .order_by(c.visited_at.desc())
                    .limit(allowed)
                )
                .scalars()
                .all()
            )
            if len(recent) >= allowed:
                free_at = _aware(recent[-1]) + VISIT_WINDOW
                longest = max(free_at - now, timedelta(seconds=1))
                wait = longest if wait is None else max(wait, longest)
    if wait is not None:
        return wait
    with engine.begin() as connection:
        connection.execute(
            insert(outside_visits), [{"counter": k, "visited_at": now} for k in counters]
        )
        connection.execute(delete(outside_visits).where(c.visited_at < since))
    return None


def visits(engine: Engine) -> int:
    """How many visits are counted now (for tests and operators)."""
    with engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(outside_visits)).scalar() or 0
        )


def find_request(engine: Engine, token: str) -> SubstantiationRequest:
    """The request of a link's token, open or not; LinkUnknown when there is none."""
    if not token or len(token) > 200:
        raise LinkUnknown()
    query = select(substantiation_requests).where(
        substantiation_requests.c.token_hash == hash_token(token)
    )
    with engine.connect() as connection:
        row = connection.execute(query).mappings().first()
    if row is None:
        raise LinkUnknown()
    return _request(row)


def _request(row: Any) -> SubstantiationRequest:
    return SubstantiationRequest(
        id=row["id"],
        outcome_id=UUID(row["outcome_id"]),
        name=row["name"],
        email=row["email"],
        language=row["language"],
        question=row["question"],
        expires_on=row["expires_on"],
        asked_by=row["asked_by"],
        asked_at=_aware(row["asked_at"]),
        used_at=None if row["used_at"] is None else _aware(row["used_at"]),
        revoked_at=None if row["revoked_at"] is None else _aware(row["revoked_at"]),
        substantiation_version=row["substantiation_version"],
    )


def _aware(moment: datetime) -> datetime:
    # SQLite gives naive datetimes back: they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
