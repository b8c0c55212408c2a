"""The pages' labels of stored words: every word has one, and in English it reads as stored."""

from __future__ import annotations

from domain import KINDS
from domain import vocabularies as v
from tracker.sensitivity import HIDDEN_FACTS, hidden_label, hidden_sentence
from web.pages import labels

VOCABULARIES = (
    v.EVIDENCE_METHODS,
    v.DISAGGREGATION_DIMENSIONS,
    tuple(v.PARTICIPATION_LEVELS.values()),
    v.CONSENT_KINDS,
    v.SENSITIVITIES,
    v.QUALITY_RATINGS,
    v.ADVOCACY_INPUT_KINDS,
    v.LEVELS,
    v.DIALOGUE_FORMATS,
    v.COMMITMENT_STATUSES,
    v.COMPLETION_LEVELS,
    v.REVIEW_VERDICTS,
    v.BUDGET_STAGES,
    v.CHANGE_TYPES,
    v.POLICY_STAGES,
    v.SUBSTANTIATION_VERDICTS,
)


def test_every_vocabulary_word_has_a_label_that_reads_as_stored_in_english() -> None:
    for vocabulary in VOCABULARIES:
        for word in vocabulary:
            assert word in labels.LABELS, word
            assert labels.word(word) == word.replace("_", " ")


def test_every_kind_of_record_has_a_name() -> None:
    assert all(labels.kind_name(kind) == kind.replace("_", " ") for kind in KINDS)
    assert set(KINDS) <= set(labels.KINDS)


def test_a_word_without_a_label_reads_as_stored() -> None:
    assert labels.word("newly_added") == "newly added"
    assert labels.field_label("newly_added") == "Newly added"
    assert labels.event_name("comment.newly_added") == "Newly added"


def test_hidden_evidence_is_named_by_its_sensitivity() -> None:
    assert labels.hidden_evidence("restricted") == "Restricted evidence (content hidden)"
    assert labels.hidden_evidence(None) == "Confidential evidence (content hidden)"
    assert (
        labels.hidden_fact("evidence.quality_assessed", "public")
        == "Public evidence assessed for quality (content hidden)"
    )


def test_hidden_evidence_reads_in_english_as_the_api_names_it() -> None:
    for sensitivity in (*v.SENSITIVITIES, None):
        assert labels.hidden_evidence(sensitivity) == hidden_label(sensitivity)
        for kind in HIDDEN_FACTS:
            assert labels.hidden_fact(kind, sensitivity) == hidden_sentence(kind, sensitivity)
