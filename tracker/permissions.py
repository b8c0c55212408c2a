"""Who may do what with which record: the rules the API, the pages, the exports and the
use cases all ask, so that no two of them can disagree.

- `WRITES` / `may_write`: DESIGN.md's role table: for each write (a kind of record and an
  action), the one role besides admin that may make it, and whether a lead is held to
  the records of coalitions they lead. The API's decorators and the pages' forms ask it.
- `leads`: whether a user writes for a coalition (its coalition lead).
- `may_read`: whether a user may read evidence content of a sensitivity (DESIGN.md's role
  table: public to all, restricted to all but viewers, confidential to admins, evaluators
  and the leads of its coalition).
- `may_read_version` / `written_under`: sensitivity judged per version. Content written
  while evidence was `confidential` (or `restricted`) stays hidden from whoever could not
  read it then, even after a correction lowers the sensitivity; a version is read at the
  stricter of the sensitivity it was written under and the evidence's current one.
- `AUDITORS` / `may_audit`: who reads the store itself (events, the ledger, audit packs).
- `may_read_in_full` / `may_comment` / `may_correct_comment` / `sensitivity_at`: comment
  threads (domain.comments), for whoever reads the record in full, viewers but reading;
  a comment is judged, like a version, by the sensitivity of the record it was written
  against.
- `may_link`: whether a user may point a new record at an existing one: a lead only at
  records of coalitions they lead, anyone only at records they may read in full, an admin
  anywhere.
- `IMPORTERS` / `may_import` / `may_follow_import`: who starts an import (over HTTP or a
  page) into which coalition, and who may read how it went: the user who started it, or
  an admin (the rows themselves are judged as writes, by `may_write`, as they are planned).
- `may_ask_outside`: who asks people outside the partnership to substantiate an outcome
  (tracker.substantiation), and so reads their names.
- `acting_as` / `actor`: who the current request acts for, set once by the web edge, so
  that the use cases can apply `may_link` without every signature carrying the user. The
  command line sets nobody: the operator may do all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.coalitions import coalition_id
from domain.vocabularies import strictest
from tracker.accounts import User

_actor: ContextVar[User | None] = ContextVar("actor", default=None)


def acting_as(user: User | None) -> None:
    """The user the current request acts for (None: nobody signed in, or the operator)."""
    _actor.set(user)


def actor() -> User | None:
    """The user the current request acts for, if any."""
    return _actor.get()


@dataclass(frozen=True)
class WriteRule:
    """Who besides an admin may make a write: `role` (None: admins only), and whether a
    lead may make it only to records of coalitions they lead (`scoped`)."""

    role: str | None
    scoped: bool = True


LEAD = WriteRule("coalition_lead")
CREATED_BY_LEADS = (
    "evidence",
    "advocacy_input",
    "dialogue",
    "commitment",
    "budget_line",
    "outcome",
)
CORRECTABLE = ("coalition", *CREATED_BY_LEADS)

# Every write, by (kind of record, action): who may make it besides an admin.
WRITES: dict[tuple[str, str], WriteRule] = {
    ("coalition", "create"): WriteRule(None),
    ("coalition", "members"): LEAD,
    **{(kind, "create"): LEAD for kind in CREATED_BY_LEADS},
    **{(kind, "correction"): LEAD for kind in CORRECTABLE},
    ("advocacy_input", "withdrawal"): LEAD,
    ("budget_line", "amount"): LEAD,
    ("commitment", "progress"): LEAD,
    ("commitment", "due-date"): LEAD,
    ("commitment", "review"): WriteRule("executive", scoped=False),
    ("dialogue", "follow-up"): LEAD,
    ("evidence", "retraction"): LEAD,
    ("evidence", "quality"): LEAD,
    ("outcome", "stage"): LEAD,
    ("outcome", "substantiation"): WriteRule("evaluator", scoped=False),
}


def writers(kind: str, action: str) -> tuple[str, ...]:
    """The roles that may make this write: admin, and the rule's role if any."""
    role = WRITES[(kind, action)].role
    return ("admin",) if role is None else ("admin", role)


def may_write(user: User, kind: str, action: str, owner: str | UUID | None = None) -> bool:
    """Whether `user` may make this write to a record of the coalition `owner` (a code or
    an id; None when no coalition is named yet, and only the role is judged)."""
    rule = WRITES[(kind, action)]
    if user.role == "admin":
        return True
    if user.role != rule.role:
        return False
    return not rule.scoped or owner is None or leads(user, owner)


def leads(user: User, coalition: str | UUID) -> bool:
    """Whether the user is a lead of this coalition (named by its code or id)."""
    if user.role != "coalition_lead":
        return False
    if isinstance(coalition, UUID):
        return coalition in {coalition_id(code) for code in user.coalitions}
    return coalition in user.coalitions or any(
        str(coalition_id(code)) == coalition for code in user.coalitions
    )


def may_read(user: User | None, sensitivity: str | None, coalition: str | UUID) -> bool:
    """Whether `user` may read content of this sensitivity belonging to `coalition` (a code
    or an id). `None` for the user is the operator at the command line, who reads all;
    `None` for the sensitivity is a record that is not evidence, which everyone reads."""
    if user is None or sensitivity in (None, "public"):
        return True
    if sensitivity == "restricted":
        return user.role != "viewer"
    if user.role in ("admin", "evaluator"):
        return True
    return leads(user, coalition)


# Who reads the store itself (the event feed, the ledger's head, audit packs), besides
# admins: they may read everything, so nothing they are given is redacted.
AUDITORS = ("evaluator",)


def may_audit(user: User | None) -> bool:
    """Whether `user` may read the store itself (None: the operator, who may)."""
    return user is None or user.role in ("admin", *AUDITORS)


def may_read_version(
    user: User | None, written: str | None, current: str | None, coalition: str | UUID
) -> bool:
    """Whether `user` may read content written under the sensitivity `written` of evidence
    whose sensitivity is now `current` (both None for a record that is not evidence)."""
    return may_read(user, strictest(written, current), coalition)


def written_under(events: Iterable[Mapping[str, Any]]) -> list[str | None]:
    """For each of a record's events (its fields, as `vars(event)` or an audit's `data`),
    oldest first, the sensitivity its content was written under (None for a record that is
    not evidence). A correction that changes the sensitivity counts at the stricter of the
    old and the new: it names both."""
    found: list[str | None] = []
    now: str | None = None
    for fields in events:
        before = now
        now = fields.get("sensitivity", now)
        now = (fields.get("changes") or {}).get("sensitivity", now)
        found.append(strictest(before, now))
    return found


def may_link(user: User | None, record: Any) -> bool:
    """Whether `user` may make a new record point at `record` (a link of an impact chain)."""
    if user is None or user.role == "admin":
        return True
    owner = record.id if record.KIND == "coalition" else record.coalition
    if user.role == "coalition_lead" and not leads(user, owner):
        return False
    return may_read(user, getattr(record, "sensitivity", None), owner)


def may_read_in_full(user: User | None, record: Any) -> bool:
    """Whether `user` may read the record's content as it stands (evidence by its current
    sensitivity; every other record in full)."""
    owner = record.id if record.KIND == "coalition" else record.coalition
    return may_read(user, getattr(record, "sensitivity", None), owner)


# Records that carry comment threads: every record a coalition keeps.
COMMENTED = CREATED_BY_LEADS


def may_write_comments(user: User) -> bool:
    """Whether `user`'s role writes comments at all (every role but viewer); which records,
    may_comment says."""
    return user.role != "viewer"


def may_comment(user: User, record: Any) -> bool:
    """Whether `user` may comment on the record: any role but viewer that reads it in full."""
    return record.KIND in COMMENTED and may_write_comments(user) and may_read_in_full(user, record)


def outsiders_may_read(written: Iterable[str | None], current: str | None) -> bool:
    """Whether a person outside the partnership (no account, an outside substantiation
    link) may read a record's content: only when it is public now and was public in every
    version it was written under (per version, as for every other reader)."""
    return current in (None, "public") and all(level in (None, "public") for level in written)


def may_correct_comment(user: User, author: str) -> bool:
    """Whether `user` may correct a comment written by `author` (a user id): its author,
    or an admin (who may correct every record too)."""
    return user.role == "admin" or user.id == author


def sensitivity_at(events: Iterable[Mapping[str, Any]], version: int) -> str | None:
    """The sensitivity a record had once its first `version` events were applied (its
    events' fields, oldest first; None for a record that is not evidence)."""
    now: str | None = None
    for fields, _ in zip(events, range(version), strict=False):
        now = fields.get("sensitivity", now)
        now = (fields.get("changes") or {}).get("sensitivity", now)
    return now


# Who starts imports besides admins: a lead, into a coalition they lead, named up front.
IMPORTERS = ("coalition_lead",)


def may_import(user: User, coalition: str | UUID | None) -> bool:
    """Whether `user` may start an import into `coalition` (a code or an id; None: rows name
    their own coalitions, which only an admin may import without naming one)."""
    if user.role == "admin":
        return True
    return user.role in IMPORTERS and coalition is not None and leads(user, coalition)


# The roles that ask people outside the partnership to substantiate outcomes (a lead only
# about its own coalitions' outcomes: may_ask_outside).
OUTSIDE_ASKERS = ("admin", "evaluator", "coalition_lead")


def may_ask_outside(user: User, owner: str | UUID) -> bool:
    """Whether `user` may send, list and revoke links asking people outside the partnership
    to substantiate an outcome of the coalition `owner` (and read those people's names): an
    admin, an evaluator, or a lead of that coalition."""
    return user.role in ("admin", "evaluator") or leads(user, owner)


def may_follow_import(user: User, started_by: str) -> bool:
    """Whether `user` may read an import's progress and report (its file, its errors)."""
    return user.role == "admin" or user.id == started_by
