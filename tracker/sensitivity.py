"""Who may read evidence content of each sensitivity, and what the others read instead.

The rule of DESIGN.md: `public` evidence is for every role, `restricted` for every role but
viewer, `confidential` for admins, evaluators and the leads of its coalition. Everyone else
learns that the evidence exists (its id, coalition and sensitivity), never its content.
The API, the pages and the exports all ask this one module, so they cannot disagree.
"""

from __future__ import annotations

from uuid import UUID

from domain.coalitions import coalition_id
from tracker.accounts import User

# From the least to the most guarded; an unknown word is treated as the most guarded.
LEVELS = ("public", "restricted", "confidential")

# What replaces an evidence sentence (a timeline title) a reader may not see: what happened,
# without the evidence's title or any other part of its content.
HIDDEN_FACTS = {
    "evidence.recorded": "recorded",
    "evidence.corrected": "corrected",
    "evidence.retracted": "retracted",
    "evidence.quality_assessed": "assessed for quality",
}


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
    return user.role == "coalition_lead" and _leads(user, coalition)


def strictest(sensitivities: list[str]) -> str:
    """The most guarded of the sensitivities a record has had: its history is shown only to
    those who may read it at that level, since its earlier content was written under it."""
    rank = {word: index for index, word in enumerate(LEVELS)}
    return max(sensitivities, key=lambda word: rank.get(word, len(LEVELS)), default="public")


def hidden_sentence(kind: str, sensitivity: str | None) -> str:
    """The timeline sentence a reader without the right reads: `Confidential evidence
    recorded (content hidden)`."""
    what = HIDDEN_FACTS.get(kind, "changed")
    return f"{(sensitivity or 'confidential').capitalize()} evidence {what} (content hidden)"


def _leads(user: User, coalition: str | UUID) -> bool:
    if isinstance(coalition, UUID):
        return coalition in {coalition_id(code) for code in user.coalitions}
    return coalition in user.coalitions or any(
        str(coalition_id(code)) == coalition for code in user.coalitions
    )
