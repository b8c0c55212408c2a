"""Claims on ids in other tools, so an import finds its records again and never twice."""

from __future__ import annotations

from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate, event

# Claim ids derive from (kind, system, id): a second claim on one external id cannot be saved.
EXTERNAL_REF_NAMESPACE = UUID("2b0d6c8e-51f4-4f0e-a7a4-5d9d3c1e7b20")


def external_ref_id(kind: str, system: str, ref: str) -> UUID:
    """The id of the claim on `ref` in `system` for records of `kind`."""
    return uuid5(EXTERNAL_REF_NAMESPACE, f"{kind}\x1f{system}\x1f{ref}")


class ExternalReference(Aggregate):
    """That the record `record` of `kind` is known as `ref` in the tool `system`."""

    TOPIC = "external_reference"

    class Created(Aggregate.Created):
        TOPIC = "external_reference.created"

    class Claimed(Created):
        TOPIC = "external_reference.claimed"
        kind: str
        system: str
        ref: str
        record: UUID

    @staticmethod
    def create_id(kind: str, system: str, ref: str, record: UUID) -> UUID:
        """Derive the id from what is claimed, which makes each claim unique."""
        return external_ref_id(kind, system, ref)

    @event(Claimed)
    def __init__(self, *, kind: str, system: str, ref: str, record: UUID) -> None:
        self.kind, self.system, self.ref, self.record = kind, system, ref, record
