"""The shortcuts that make reading fast give the answers of the rules they stand for."""

from __future__ import annotations

import json
import re

import pytest

from paradesk.engines.medchron import classify, samples
from paradesk.engines.medchron.contract import _indented
from paradesk.engines.medchron.fields import _FURNITURE, is_furniture
from paradesk.engines.medchron.text import fold

# Pages as records print them, and the letters outside ASCII that a case-blind match
# takes for ASCII ones (dotted and dotless i, long s, the Kelvin sign).
TEXTS = [
    samples.ER_1,
    samples.ER_2,
    samples.ER_BILL,
    samples.PT_NOTES,
    samples.PCP_OLD,
    "\u0130MPRESSION: no fracture. Radiology \u0131maging, \u017ftatement, \u212aey",
    "ITEMIZED STATEMENT\nDOS CPT Charge\n_HEALTH INSURANCE CLAIM FORM MRI x-ray CT",
    "Physical Therapy daily note; D.C. adjustment; 97110 97140 fee\ncharges $\n",
]


def test_fold_keeps_every_position() -> None:
    for text in TEXTS:
        assert len(fold(text)) == len(text)
    assert fold("\u0130\u0131\u017f\u212a") == "iisk"


@pytest.mark.parametrize("text", TEXTS)
def test_cue_counts_equal_the_case_blind_patterns(text: str) -> None:
    tables = list(classify._PAGE_CUES.values()) + list(classify._VISIT_CUES.values())
    for cues in tables:
        plain = [re.compile(p, re.IGNORECASE | re.MULTILINE) for p in cues.patterns]
        assert cues.hits(text) == [len(r.findall(text)) for r in plain]


def test_a_cue_pattern_lower_casing_would_change_is_refused() -> None:
    with pytest.raises(ValueError, match="upper-case escape"):
        classify._lowercase_scan(r"\bfoo\S+")


def test_furniture_hint_never_hides_furniture() -> None:
    lines = [line for text in TEXTS for line in text.splitlines()] + [
        "Page 2 of 3",
        "CONFIDENTIAL",
        "ABC-123456",
        "Faxed 555 123 4567",
    ]
    for line in lines:
        assert is_furniture(line) == bool(_FURNITURE.search(line))


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": [], "b": {}, "c": [1, {"x": None, "y": True, "z": '\u00e9\u2028"'}]},
        [1.5, False, {"k": [[]]}],
        {1: "not a string key"},
    ],
)
def test_the_json_writer_matches_json_dumps(value: object) -> None:
    assert _indented(value, "\n") == json.dumps(value, indent=2, ensure_ascii=False)
