"""Who may read evidence content of each sensitivity, and what the others read instead.

The rule of DESIGN.md: `public` evidence is for every role, `restricted` for every role but
viewer, `confidential` for admins, evaluators and the leads of its coalition. Everyone else
learns that the evidence exists (its id, coalition and sensitivity), never its content.
The rule itself is tracker.permissions' `may_read`; this module says what the others read.
"""

from __future__ import annotations

from tracker.permissions import may_read

__all__ = ["hidden_sentence", "may_read", "strictest"]  # may_read is tracker.permissions'

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
