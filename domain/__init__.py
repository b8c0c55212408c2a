"""The advocacy story as event-sourced aggregates: no framework, no SQL, no I/O.

citizen evidence -> advocacy input -> dialogue with decision makers
    -> commitment made -> budget allocated / released / spent -> policy or practice change
"""

from dataclasses import dataclass

from domain.advocacy_inputs import AdvocacyInput
from domain.budget_lines import BudgetLine
from domain.coalitions import Coalition
from domain.commitments import Commitment
from domain.dialogues import Dialogue
from domain.evidence import Evidence
from domain.outcomes import Outcome
from domain.records import Record


@dataclass(frozen=True)
class Kind:
    """What every layer needs to know of a kind of record, said once: its name in events,
    errors and read models (`advocacy_input`), its aggregate, the field that names one
    (`title`, a commitment's `text`), the event that creates one, and its plural
    (`advocacy-inputs`), which names lists of it in paths and files."""

    name: str
    cls: type[Record]
    title_field: str
    created: type
    plural: str


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("coalition", Coalition, "name", Coalition.Registered, "coalitions"),
        Kind("evidence", Evidence, "title", Evidence.Recorded, "evidence"),
        Kind("advocacy_input", AdvocacyInput, "title", AdvocacyInput.Submitted, "advocacy-inputs"),
        Kind("dialogue", Dialogue, "title", Dialogue.Held, "dialogues"),
        Kind("commitment", Commitment, "text", Commitment.Made, "commitments"),
        Kind("budget_line", BudgetLine, "programme", BudgetLine.Identified, "budget-lines"),
        Kind("outcome", Outcome, "description", Outcome.Harvested, "outcomes"),
    )
}

# Every kind of record, by the name it has in events, errors and read models.
RECORD_CLASSES: dict[str, type[Record]] = {name: kind.cls for name, kind in KINDS.items()}

__all__ = [
    "KINDS",
    "RECORD_CLASSES",
    "AdvocacyInput",
    "BudgetLine",
    "Coalition",
    "Commitment",
    "Dialogue",
    "Evidence",
    "Kind",
    "Outcome",
    "Record",
]
