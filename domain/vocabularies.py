"""The closed sets of words the partnership records with, each defined once.

Stored events hold these words, so a word is never renamed or removed here: a new word
may be added; retiring one needs an upcaster for the events that hold it.
"""

from __future__ import annotations

import re

EVIDENCE_METHODS = (
    "survey",
    "focus_group",
    "community_scorecard",
    "citizen_report_card",
    "social_audit",
    "participatory_mapping",
    "participatory_forum",
    "other",
)
DISAGGREGATION_DIMENSIONS = (
    "income",
    "sex",
    "age",
    "disability",
    "ethnicity_or_caste",
    "migratory_status",
    "location",
    "other",
)
# Participation level of the Copenhagen Framework on Citizen Data, 1 to 5.
PARTICIPATION_LEVELS = {
    1: "information",
    2: "consultation",
    3: "limited participation",
    4: "collaboration",
    5: "citizen-led",
}
CONSENT_KINDS = ("verbal", "written", "digital", "community", "not_applicable")
SENSITIVITIES = ("public", "restricted", "confidential")  # from the least to the most guarded
QUALITY_RATINGS = ("high", "medium", "low")

ADVOCACY_INPUT_KINDS = (
    "position_paper",
    "petition",
    "submission",
    "presentation",
    "report_launch",
    "other",
)

LEVELS = ("local", "subnational", "national", "regional", "global")
DIALOGUE_FORMATS = (
    "meeting",
    "hearing",
    "forum",
    "workshop",
    "roundtable",
    "consultation",
    "field_visit",
    "other",
)

OPEN_STATUSES = ("made", "in_progress", "stalled")
CLOSED_STATUSES = ("fulfilled", "partially_fulfilled", "not_fulfilled", "withdrawn")
COMMITMENT_STATUSES = OPEN_STATUSES + CLOSED_STATUSES
# Completion on the Open Government Partnership's scale, kept beside the status.
COMPLETION_LEVELS = ("not_started", "limited", "substantial", "complete")
REVIEW_VERDICTS = ("confirmed", "disputed", "needs_evidence")

BUDGET_STAGES = ("proposed", "allocated", "released", "spent")

CHANGE_TYPES = ("policy", "budget", "practice", "behaviour", "institutional", "relationship")
POLICY_STAGES = (
    "agenda_setting",
    "formulation",
    "adoption",
    "budgeting",
    "implementation",
    "monitoring",
    "blocked",
    "reversed",
)
SUBSTANTIATION_VERDICTS = ("agree", "partially_agree", "disagree")

# Patterns end in \Z, not $, which would also accept a trailing newline ("ke\n").
# SDG targets are numbered `goal.target`: goals 1-17, targets a number or a letter.
SDG_TARGET_SHAPE = r"(?:[1-9]|1[0-7])\.(?:[1-9][0-9]?|[a-z])"  # unanchored: JSON Schema's too
SDG_TARGET = re.compile(rf"^{SDG_TARGET_SHAPE}\Z")
COALITION_CODE = re.compile(r"^[a-z]{2,8}\Z")
FISCAL_YEAR = re.compile(r"^(?:19|20)\d{2}(?:/\d{2})?\Z")

# ISO 3166-1 alpha-2 country codes, officially assigned.
COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 - a block of codes reads better than a list of strings
)

# ISO 4217 currency codes in use for money (precious metals, fund and test codes left out).
CURRENCIES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD
    BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP
    DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR
    IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD
    MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB
    PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD
    SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS
    VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
    """.split()  # noqa: SIM905 - a block of codes reads better than a list of strings
)


def strictest(*sensitivities: str | None) -> str | None:
    """The most guarded of these sensitivities (None where none is given: not evidence).

    A word not in SENSITIVITIES counts as more guarded than any, so that nothing unknown is
    ever read as public."""
    given = [word for word in sensitivities if word is not None]
    rank = {word: index for index, word in enumerate(SENSITIVITIES)}
    return max(given, key=lambda word: rank.get(word, len(SENSITIVITIES)), default=None)
