"""The read-model tables, in the same database as the events.

Each projection owns its tables (see `projections.catalogue`) and may be rebuilt alone, so
a projection keeps whatever state of other records it needs in tables of its own. Ids are
UUID strings; amounts are decimal strings, never floats; dates are dates. A `_counts` or
`_totals` table is derived by the runner from another table of its projection (see
`Counter`), so that the dashboards count without scanning every commitment. On SQLite,
tables keyed by text are `WITHOUT ROWID`: stored in their key's B-tree, one tree, not two.
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from domain.vocabularies import BUDGET_STAGES

metadata = MetaData()

ID = 36  # a UUID as text


def _id(name: str, *, primary_key: bool = False, nullable: bool = True) -> Column[str]:
    return Column(name, String(ID), primary_key=primary_key, nullable=nullable)


# On SQLite an INTEGER PRIMARY KEY is the rowid itself: one B-tree instead of two.
POSITION = BigInteger().with_variant(Integer(), "sqlite")


def _position(
    name: str = "position", *, primary_key: bool = False, nullable: bool = True
) -> Column[int]:
    return Column(name, POSITION, autoincrement=False, primary_key=primary_key, nullable=nullable)


# The last event each projection applied, written in the same transaction as its rows.
projection_positions = Table(
    "projection_positions",
    metadata,
    Column("name", String(100), primary_key=True),
    _position(nullable=False),
    sqlite_with_rowid=False,
)

# The event a projection last failed on, and why (cleared once it gets past that event):
# catch-up goes on with the other projections, and /healthz and `projections status` say so.
projection_failures = Table(
    "projection_failures",
    metadata,
    Column("name", String(100), primary_key=True),
    _position(nullable=False),
    Column("error", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
    sqlite_with_rowid=False,
)

# The version of each projection's handlers that built its tables (see `Projection.version`).
projection_versions = Table(
    "projection_versions",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("version", Integer, nullable=False),
    sqlite_with_rowid=False,
)

# -- coalitions -----------------------------------------------------------------------------

coalitions = Table(
    "coalitions",
    metadata,
    _id("id", primary_key=True),
    Column("code", String(8), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("country", String(2)),
    Column("members", JSON, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", Text, nullable=False),
    sqlite_with_rowid=False,
)

# -- timeline -------------------------------------------------------------------------------

# What the timeline needs to know of each record to write a sentence about it.
timeline_subjects = Table(
    "timeline_subjects",
    metadata,
    _id("id", primary_key=True),
    Column("type", String(20), nullable=False),
    _id("coalition", nullable=False),
    Column("label", Text, nullable=False),
    Column("currency", String(3)),  # a budget line's, for sentences about amounts
    Column("sensitivity", String(12)),  # evidence's, so that the API can redact
    sqlite_with_rowid=False,
)

timeline = Table(
    "timeline",
    metadata,
    _position(primary_key=True),
    Column("occurred_on", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("title", Text, nullable=False),
    _id("coalition", nullable=False),
    Column("ref_type", String(20), nullable=False),
    _id("ref_id", nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("correction", Boolean, nullable=False),
    # Evidence's sensitivity when this entry's content was written (the stricter of the old
    # and the new for a correction that changes it): tracker.permissions.may_read_version.
    Column("written_under", String(12)),
    Index("ix_timeline_order", "occurred_on", "recorded_at", "position"),
    Index("ix_timeline_coalition_order", "coalition", "occurred_on", "recorded_at", "position"),
)

# Entries per coalition and day: a page's total without counting the timeline.
timeline_days = Table(
    "timeline_days",
    metadata,
    _id("coalition", primary_key=True),
    Column("occurred_on", Date, primary_key=True),
    Column("n", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# -- commitments ----------------------------------------------------------------------------

# A dialogue's level, which its commitments take.
commitment_dialogues = Table(
    "commitment_dialogues",
    metadata,
    _id("id", primary_key=True),
    Column("level", String(16), nullable=False),
    sqlite_with_rowid=False,
)

COMMITMENT_STATUS_DATES = (
    "in_progress",
    "stalled",
    "fulfilled",
    "partially_fulfilled",
    "not_fulfilled",
    "withdrawn",
)

commitments = Table(
    "commitments",
    metadata,
    _id("id", primary_key=True),
    _position(nullable=False),
    _id("coalition", nullable=False),
    _id("dialogue"),
    Column("text", Text, nullable=False),
    Column("institution", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("level", String(16)),  # the dialogue's; none for a commitment made outside one
    Column("groups", JSON, nullable=False),
    Column("sdg_targets", JSON, nullable=False),
    Column("due_on", Date),
    Column("status", String(24), nullable=False),
    Column("completion", String(16), nullable=False),
    Column("made_on", Date, nullable=False),
    Column("made_year", Integer, nullable=False),
    *(Column(f"{status}_on", Date) for status in COMMITMENT_STATUS_DATES),
    Column("review_verdict", String(16)),
    Column("review_note", Text),
    Column("review_on", Date),
    Column("review_by", Text),
    Column("review_status", String(24)),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", Text, nullable=False),
    Index("ix_commitments_order", "made_on", "position"),
    Index("ix_commitments_coalition_order", "coalition", "made_on", "position"),
    Index("ix_commitments_due", "status", "due_on", "coalition", "level", "made_year"),
    Index("ix_commitments_dialogue", "dialogue"),
    sqlite_with_rowid=False,
)


def _commitment_counts(name: str, *due: str) -> Table:
    """A count of commitments by coalition, level ('' for none), year made and status, and
    by the integer key columns `due` names (indexed on their own, for ranges of them)."""
    return Table(
        name,
        metadata,
        _id("coalition", primary_key=True),
        Column("level", String(16), primary_key=True),
        Column("year", Integer, primary_key=True, autoincrement=False),
        Column("status", String(24), primary_key=True),
        *(Column(key, Integer, primary_key=True, autoincrement=False) for key in due),
        Column("n", BigInteger, nullable=False),
        *([Index(f"ix_{name}_due", *due)] if len(due) > 1 else []),
        sqlite_with_rowid=False,
    )


commitment_counts = _commitment_counts("commitment_counts")

# The same counts by the latest review too: its verdict (`unreviewed` for none) and whether
# it is current (judged the status the commitment has now, and is not older than the day that
# status was reported): the confirmed rate and the review counts without a scan.
review_counts = Table(
    "review_counts",
    metadata,
    _id("coalition", primary_key=True),
    Column("level", String(16), primary_key=True),
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("status", String(24), primary_key=True),
    Column("review", String(16), primary_key=True),
    Column("current", Integer, primary_key=True, autoincrement=False),
    Column("n", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

# Open commitments by the year they are due, and by the month they are due. Overdue on a
# day = those due in earlier years + those due in earlier months of that day's year (both
# counted) + those due earlier in that day's month (a short range of the commitments'
# due-date index: at most a month of due dates, whatever the size of the history).
open_due_counts = _commitment_counts("open_due_counts", "due_year")
open_due_month_counts = _commitment_counts("open_due_month_counts", "due_year", "due_month")

# -- budget ---------------------------------------------------------------------------------

budget_lines = Table(
    "budget_lines",
    metadata,
    _id("id", primary_key=True),
    _position(nullable=False),
    _id("coalition", nullable=False),
    Column("government", Text, nullable=False),
    Column("level", String(16), nullable=False),
    Column("fiscal_year", String(7), nullable=False),
    Column("fiscal_year_start", Integer, nullable=False),
    Column("programme", Text, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("groups", JSON, nullable=False),
    Column("own_date", Date),  # the date given when it was identified, if any
    Column("dated_on", Date),  # that date, or else the date of its earliest amount
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", Text, nullable=False),
    # The figure of each stage: the amount with the latest `occurred_on`.
    *(
        column
        for stage in BUDGET_STAGES
        for column in (
            Column(f"{stage}_amount", String(24)),
            Column(f"{stage}_on", Date),
            Column(f"{stage}_source", Text),
        )
    ),
    Index("ix_budget_lines_coalition", "coalition"),
    sqlite_with_rowid=False,
)

budget_line_commitments = Table(
    "budget_line_commitments",
    metadata,
    _id("line", primary_key=True),
    _id("commitment", primary_key=True),
    Index("ix_budget_line_commitments_commitment", "commitment"),
    sqlite_with_rowid=False,
)

# Sums of the current figures by coalition, level, fiscal year and currency. Each amount is
# kept as whole units plus ten-thousandths, both integers, so that sums are exact in SQL.
budget_totals = Table(
    "budget_totals",
    metadata,
    _id("coalition", primary_key=True),
    Column("level", String(16), primary_key=True),
    Column("fiscal_year_start", Integer, primary_key=True, autoincrement=False),
    Column("currency", String(3), primary_key=True),
    Column("n", BigInteger, nullable=False),
    *(
        column
        for stage in BUDGET_STAGES
        for column in (
            Column(f"{stage}_units", BigInteger, nullable=False),
            Column(f"{stage}_frac", BigInteger, nullable=False),
        )
    ),
    sqlite_with_rowid=False,
)

# -- impact chains --------------------------------------------------------------------------

chain_nodes = Table(
    "chain_nodes",
    metadata,
    _id("id", primary_key=True),
    Column("type", String(20), nullable=False),
    _id("coalition", nullable=False),
    Column("title", Text, nullable=False),
    Column("occurred_on", Date),
    Column("dated_by_amount", Boolean, nullable=False),  # a budget line given no date
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("recorded_by", Text, nullable=False),
    Column("sensitivity", String(12)),
    Column("closed_as", String(16)),
    sqlite_with_rowid=False,
)

# Edges run cause -> effect.
chain_links = Table(
    "chain_links",
    metadata,
    _id("cause", primary_key=True),
    _id("effect", primary_key=True),
    Column("relation", String(24), nullable=False),
    _position(nullable=False),
    Index("ix_chain_links_effect", "effect"),
    sqlite_with_rowid=False,
)
