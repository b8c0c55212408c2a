"""The advocacy story as event-sourced aggregates: no framework, no SQL, no I/O.

citizen evidence -> advocacy input -> dialogue with decision makers
    -> commitment made -> budget allocated / released / spent -> policy or practice change
"""

from domain.advocacy_inputs import AdvocacyInput
from domain.budget_lines import BudgetLine
from domain.coalitions import Coalition
from domain.commitments import Commitment
from domain.dialogues import Dialogue
from domain.evidence import Evidence
from domain.outcomes import Outcome
from domain.records import Record

# Every kind of record, by the name it has in events, errors and read models.
RECORD_CLASSES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (Coalition, Evidence, AdvocacyInput, Dialogue, Commitment, BudgetLine, Outcome)
}

__all__ = [
    "RECORD_CLASSES",
    "AdvocacyInput",
    "BudgetLine",
    "Coalition",
    "Commitment",
    "Dialogue",
    "Evidence",
    "Outcome",
    "Record",
]
