"""The `tracker` command: parses arguments, calls into the tracker's modules, reports."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime

import click
import psycopg
from eventsourcing.persistence import PersistenceError

from domain.errors import DomainError
from projections import queries, runner
from tracker import account_commands, projection_commands
from tracker.accounts import ROLES
from tracker.application import today
from tracker.composition import Services, open_services
from tracker.demo import load_demo
from tracker.errors import TrackerError
from tracker.exports import EXPORTS, export_command
from tracker.imports.commands import ImportRefused, import_command
from tracker.imports.more_kinds import IMPORT_KINDS
from tracker.languages import LANGUAGES
from tracker.ledger import commands as ledger_commands
from tracker.ledger.links import parse_head
from tracker.reminders.sending import send_reminders
from tracker.settings import Settings, SettingsError

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
EXPECTED_ERRORS = (
    DomainError,
    TrackerError,
    SettingsError,
    PersistenceError,
    psycopg.Error,
    projection_commands.NoRedis,
)


@click.group()
def main() -> None:
    """The advocacy and policy-dialogue tracker. Every command reads DATABASE_URL."""


@main.command()
def demo() -> None:
    """Load the partnership's worked examples (Kenya and Vietnam) and their accounts, once."""
    with services() as running:
        report = load_demo(running.tracker, click.echo)
        accounts = account_commands.create_demo_accounts(running)
    if not report.anything_new:
        click.echo("The demo is already loaded; nothing was added.")
    else:
        created = counted({k: n for k, n in report.created.items() if n}) or "no new records"
        click.echo(f"Demo loaded: {created}; {report.changes} later changes (progress, ...).")
    if accounts:
        click.echo("\nDemo accounts (shown only this once; `tracker users token NAME` makes anew):")
        for user, token, password in accounts:
            click.echo(f"  {user.name:8} {user.role:15} password {password}  API token {token}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", default=2, show_default=True, type=int, help="gunicorn processes")
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web pages and the JSON API (gunicorn in the foreground)."""
    from web.config import check_bind
    from web.server import serve as serve_web  # only `serve` loads the web edge

    try:  # before anything else: the public development key serves loopback only
        check_bind(Settings.from_env(), [host])
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    # Create what is missing, rebuild read models an older version built, and bring them up
    # to date, once before the web processes start (events saved while no catch-up ran are
    # applied now).
    with services() as running:
        projection_commands.rebuild_outdated(running, processes=projection_commands.cores())
        runner.catch_up(running.tracker, running.engine)
    serve_web(host=host, port=port, workers=workers)


@main.command()
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker(burst: bool) -> None:
    """Run projection catch-up jobs from the RQ queue on REDIS_URL."""
    with services() as running:
        projection_commands.run_worker(running, burst=burst)


@main.command()
@click.argument("name", type=click.Choice((*EXPORTS, "audit-pack")))
@click.option("--coalition", help="A coalition's code or id (default: every coalition).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File (default: stdout).")
def export(name: str, coalition: str | None, output: str | None) -> None:
    """Write an export, the same CSV as GET /api/v1/exports/<name>.csv; or `audit-pack`,
    a zip of every event with its ledger link, the five CSVs and a manifest (needs -o)."""
    if name == "audit-pack" and output is None:
        raise click.UsageError("an audit pack is a zip file: name it with -o FILE.zip")
    with services() as running:
        if name == "audit-pack":
            assert output is not None
            raise SystemExit(ledger_commands.export_pack(running, output, coalition))
        raise SystemExit(export_command(running, name, coalition=coalition, output=output))


@main.command("import")
@click.argument("kind", type=click.Choice(tuple(IMPORT_KINDS)))
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False),
    help="A TOML column mapping (default: the file is the tracker's own export).",
)
@click.option("--coalition", help="The coalition of every row (a code).")
@click.option("--dry-run", is_flag=True, help="Check every row and report; save nothing.")
@click.option("--partial", is_flag=True, help="Save the good rows even when others are refused.")
@click.option(
    "--as",
    "as_user",
    metavar="USER",
    help="Import as this user (recorded as theirs; a lead only into coalitions they lead).",
)
def import_(
    kind: str,
    file: str,
    mapping: str | None,
    coalition: str | None,
    dry_run: bool,
    partial: bool,
    as_user: str | None,
) -> None:
    """Bring rows of a CSV file in as records, by a column mapping; running the same file
    again adds nothing, and a changed cell adds the events it means. The last line is the
    JSON report {rows, created, updated, unchanged, errors}; exit 1 if any row was refused."""
    with services() as running:
        try:
            code = import_command(
                running, kind, file, mapping=mapping, coalition=coalition, dry_run=dry_run,
                partial=partial, as_user=as_user,
            )  # fmt: skip
        except ImportRefused as refused:
            raise click.ClickException(str(refused)) from None
        raise SystemExit(code)


@main.command()
@click.option(
    "--head",
    "head",
    metavar="POSITION:HASH",
    help="A head noted earlier: it must still be in the chain.",
)
@click.option(
    "--pack",
    type=click.Path(exists=True, dir_okay=False),
    help="Check this audit pack instead of the store (no database needed).",
)
def verify(head: str | None, pack: str | None) -> None:
    """Recompute the ledger's hash chain: exit 0 if no event was edited, deleted, reordered
    or slipped in (last line `verified N events; head P:H`), else 1 (last line `broken at
    position P: REASON`)."""
    try:
        noted = None if head is None else parse_head(head)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--head") from None
    if pack is not None:
        raise SystemExit(ledger_commands.verify_pack_file(pack, noted))
    with services() as running:
        raise SystemExit(ledger_commands.verify_store(running, noted))


@main.group()
def users() -> None:
    """Accounts: who may sign in, in which role, for which coalitions."""


@users.command("add")
@click.argument("name")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--coalition", "coalitions", multiple=True, help="A coalition code (repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read a sign-in password from stdin.")
@click.option("--email", default=None, help="Where reminders go.")
@click.option("--language", default=None, help=f"One of: {', '.join(LANGUAGES)}.")
def users_add(
    name: str,
    role: str,
    coalitions: tuple[str, ...],
    password_stdin: bool,
    email: str | None,
    language: str | None,
) -> None:
    """Add a user; its new API token is printed alone as the last line."""
    with services() as running:
        code = account_commands.add_user_command(
            running,
            name,
            role,
            coalitions,
            password_stdin=password_stdin,
            email=email,
            language=language,
        )
    raise SystemExit(code)


@users.command("set")
@click.argument("name")
@click.option("--email", default=None, help='Where reminders go ("" removes it).')
@click.option("--language", default=None, help=f'One of: {", ".join(LANGUAGES)} ("" removes it).')
def users_set(name: str, email: str | None, language: str | None) -> None:
    """Change a user's e-mail address or language."""
    with services() as running:
        raise SystemExit(
            account_commands.set_user_command(running, name, email=email, language=language)
        )


@users.command("list")
@click.option("--json", "as_json", is_flag=True)
def users_list(as_json: bool) -> None:
    """List users with their roles and coalitions (never their tokens)."""
    with services() as running:
        raise SystemExit(account_commands.list_users_command(running, as_json=as_json))


@users.command("disable")
@click.argument("name")
def users_disable(name: str) -> None:
    """Stop a user's tokens and password from working."""
    with services() as running:
        raise SystemExit(account_commands.disable_user_command(running, name))


@users.command("token")
@click.argument("name")
def users_token(name: str) -> None:
    """Give a user a new API token (printed last); the old one stops working."""
    with services() as running:
        raise SystemExit(account_commands.new_token_command(running, name))


@main.group()
def reminders() -> None:
    """Coalition leads' daily digests of commitments due soon and overdue."""


@reminders.command("send")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The day of the digests, YYYY-MM-DD (default: today, UTC).",
)
def reminders_send(on: datetime | None) -> None:
    """Record each lead's digest for the day on /notices and e-mail it (SMTP_URL); a second
    run of the day sends only what an earlier one could not. Exit 1 if any was not sent."""
    with services() as running:
        raise SystemExit(send_reminders(running, on.date() if on else today()))


@main.group()
def projections() -> None:
    """The read models rebuilt from events."""


@projections.command("status")
@click.option("--json", "as_json", is_flag=True)
def projections_status(as_json: bool) -> None:
    """Each projection's position and how many events it lags behind."""
    with services() as running:
        projection_commands.projections_status(running, as_json=as_json)


@projections.command("rebuild")
@click.argument("name", required=False, type=click.Choice(projection_commands.NAMES))
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=projection_commands.cores,
    show_default="the number of CPU cores",
    help="Share the projections out between this many processes.",
)
def projections_rebuild(name: str | None, processes: int) -> None:
    """Rebuild one projection (or all) from the event store, safely while serving."""
    with services() as running:
        projection_commands.rebuild_projections(running, name, processes=processes)


@main.command()
def summary() -> None:
    """Count each coalition's records, and its commitments by status (from the read models)."""
    on = today()
    with services() as running:
        runner.catch_up(running.tracker, running.engine)
        found = queries.records_by_coalition(running.engine)
        fulfilment = queries.fulfilment(running.engine, today=on)["by_coalition"]
    if not found:
        click.echo("No coalitions yet; `tracker demo` loads some.")
    for code, coalition in found.items():
        click.echo(f"{code}  {coalition['name']}")
        click.echo(f"  records: {counted(coalition['records']) or 'none'}")
        tally = fulfilment.get(code, {"counts": {}, "overdue": 0})
        statuses = ", ".join(
            f"{n} {status.replace('_', ' ')}" for status, n in tally["counts"].items() if n
        )
        click.echo(f"  commitments: {statuses or 'none'}; {tally['overdue']} overdue on {on}")


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
