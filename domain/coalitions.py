"""A country coalition or global member of the partnership."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.errors import InvalidRecord
from domain.records import Record
from domain.rules import Check, check_change
from domain.vocabularies import COALITION_CODE, COUNTRIES

# Coalition ids derive from their code, so a code can only ever be registered once.
COALITION_NAMESPACE = UUID("6f1c1b64-3a9e-4b8e-9a43-0c5c7e0f8a11")


def coalition_id(code: str) -> UUID:
    """The id a coalition with this code has (or will have)."""
    return uuid5(COALITION_NAMESPACE, code)


class Coalition(Record):
    """A coalition of civil-society organisations, named by a short code such as `ke`."""

    TOPIC = "coalition"
    KIND = "coalition"
    FIELDS = ("code", "name", "country")
    OPTIONAL = {"country": None}
    CORRECTABLE = ("name", "country")

    class Created(Aggregate.Created):
        TOPIC = "coalition.created"

    class Registered(Created):
        TOPIC = "coalition.registered"
        code: str
        name: str
        country: str | None
        occurred_on: date
        recorded_by: str
        external_ref: dict[str, str] | None

    class Renamed(Aggregate.Event):
        TOPIC = "coalition.renamed"
        name: str
        occurred_on: date
        recorded_by: str

    class MemberJoined(Aggregate.Event):
        TOPIC = "coalition.member_joined"
        name: str
        occurred_on: date
        recorded_by: str

    class MemberLeft(Aggregate.Event):
        TOPIC = "coalition.member_left"
        name: str
        occurred_on: date
        recorded_by: str

    class Corrected(Record.Corrected):
        TOPIC = "coalition.corrected"

    @staticmethod
    def create_id(code: str) -> UUID:
        """Derive the id from the code, which makes codes unique in the event store."""
        return coalition_id(code)

    @event(Registered)
    def __init__(
        self,
        *,
        code: str,
        name: str,
        country: str | None,
        occurred_on: date,
        recorded_by: str,
        external_ref: dict[str, str] | None,
    ) -> None:
        self.code, self.name, self.country = code, name, country
        self.occurred_on, self.recorded_by, self.external_ref = (
            occurred_on,
            recorded_by,
            external_ref,
        )
        self.members: list[str] = []

    @classmethod
    def check_fields(cls, check: Check) -> None:
        """Codes are short lower-case words; countries are ISO 3166 alpha-2 codes."""
        check.pattern("code", COALITION_CODE, "2 to 8 lower-case letters")
        check.text("name")
        check.choice("country", COUNTRIES, optional=True, hint="an ISO 3166 alpha-2 code")

    def rename(self, name: str, occurred_on: date, recorded_by: str) -> None:
        """The coalition took a new name."""
        check = check_change(occurred_on, recorded_by, name=name)
        check.text("name")
        check.done()
        self._rename(name=name, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(Renamed)
    def _rename(self, name: str, occurred_on: date, recorded_by: str) -> None:
        self.name = name

    def admit_member(self, name: str, occurred_on: date, recorded_by: str) -> None:
        """A member organisation joined."""
        self._check_member(name, occurred_on, recorded_by)
        if name in self.members:
            raise InvalidRecord({"name": [f"{name} is already a member"]})
        self._admit_member(name=name, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(MemberJoined)
    def _admit_member(self, name: str, occurred_on: date, recorded_by: str) -> None:
        self.members.append(name)

    def release_member(self, name: str, occurred_on: date, recorded_by: str) -> None:
        """A member organisation left."""
        self._check_member(name, occurred_on, recorded_by)
        if name not in self.members:
            raise InvalidRecord({"name": [f"{name} is not a member"]})
        self._release_member(name=name, occurred_on=occurred_on, recorded_by=recorded_by)

    @event(MemberLeft)
    def _release_member(self, name: str, occurred_on: date, recorded_by: str) -> None:
        self.members.remove(name)

    @staticmethod
    def _check_member(name: str, occurred_on: date, recorded_by: str) -> None:
        check = check_change(occurred_on, recorded_by, name=name)
        check.text("name")
        check.done()
