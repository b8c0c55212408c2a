"""Errors the domain raises when a rule of the partnership would be broken."""

from __future__ import annotations


class DomainError(Exception):
    """Base class of every rule the domain refuses to break."""


class InvalidRecord(DomainError):
    """One or more fields break a rule; `errors` maps each field path to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        summary = "; ".join(f"{field}: {', '.join(messages)}" for field, messages in errors.items())
        super().__init__(summary)

    def prefixed(self, prefix: str) -> InvalidRecord:
        """The same problems with every field path under `prefix` (`commitments.1.`)."""
        return InvalidRecord({f"{prefix}{field}": msgs for field, msgs in self.errors.items()})


class IllegalTransition(DomainError):
    """A commitment cannot move from its current status to the one asked for."""

    def __init__(self, current: str, requested: str, why: str = "") -> None:
        self.current, self.requested = current, requested
        message = f"a commitment that is {current} cannot become {requested}"
        super().__init__(f"{message}: {why}" if why else message)


class RecordClosed(DomainError):
    """The record was retracted or withdrawn and takes no further changes."""

    def __init__(self, kind: str, state: str) -> None:
        self.kind, self.state = kind, state
        super().__init__(f"this {kind} was {state} and takes no further changes")
