"""The `tracker` command: parses arguments, calls into the tracker's modules, reports."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import click
import psycopg
from eventsourcing.persistence import PersistenceError

from domain.errors import DomainError
from tracker.application import today
from tracker.composition import Services, open_services
from tracker.demo import load_demo, summarise
from tracker.errors import TrackerError
from tracker.settings import SettingsError

# How counts of each kind of record read in a sentence.
PLURALS = {
    "coalition": "coalitions",
    "evidence": "evidence",
    "advocacy_input": "advocacy inputs",
    "dialogue": "dialogues",
    "commitment": "commitments",
    "budget_line": "budget lines",
    "outcome": "outcomes",
}

# What a command reports in one line on standard error; anything else is a bug and shows
# its traceback.
EXPECTED_ERRORS = (DomainError, TrackerError, SettingsError, PersistenceError, psycopg.Error)


@click.group()
def main() -> None:
    """The advocacy and policy-dialogue tracker. Every command reads DATABASE_URL."""


@main.command()
def demo() -> None:
    """Load the partnership's worked examples (Kenya and Vietnam), once."""
    with services() as running:
        report = load_demo(running.tracker, click.echo)
    if not report.anything_new:
        click.echo("The demo is already loaded; nothing was added.")
        return
    created = counted({kind: n for kind, n in report.created.items() if n}) or "no new records"
    click.echo(f"Demo loaded: {created}; {report.changes} later changes (progress, amounts, ...).")


@main.command()
def summary() -> None:
    """Count each coalition's records, and its commitments by status."""
    on = today()
    with services() as running:
        coalitions = summarise(running.tracker, on)
    if not coalitions:
        click.echo("No coalitions yet; `tracker demo` loads some.")
    for coalition in coalitions:
        click.echo(f"{coalition.code}  {coalition.name}")
        click.echo(f"  records: {counted(coalition.records) or 'none'}")
        statuses = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in coalition.statuses.items())
        click.echo(f"  commitments: {statuses or 'none'}; {coalition.overdue} overdue on {on}")


def counted(counts: Mapping[str, int]) -> str:
    """`2 dialogues, 1 outcome` from counts by kind of record."""
    return ", ".join(
        f"{n} {PLURALS[kind] if n != 1 else kind.replace('_', ' ')}" for kind, n in counts.items()
    )


@contextmanager
def services() -> Iterator[Services]:
    """The services DATABASE_URL names, closed afterwards; expected errors end the command."""
    try:
        running = open_services()
    except EXPECTED_ERRORS as error:
        raise click.ClickException(str(error)) from None
    try:
        yield running
    except EXPECTED_ERRORS as error:
        raise click.ClickException(str(error)) from None
    finally:
        running.close()
