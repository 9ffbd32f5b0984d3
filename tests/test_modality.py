import pytest

from consistency.normalize.modality import modality_for


def modality(sentence: str, claim: str) -> str:
    start = sentence.index(claim)
    return modality_for(sentence, start, start + len(claim))


@pytest.mark.parametrize(
    ("sentence", "claim", "expected"),
    [
        ("The company raised $2 billion last week.", "$2 billion", "reported"),
        ("The company plans to raise $2 billion.", "$2 billion", "planned"),
        ("The plant will employ 1,200 workers.", "1,200 workers", "planned"),
        ("Revenue is expected to reach $5 billion.", "$5 billion", "expected"),
        ("The firm is reportedly seeking $3 billion.", "$3 billion", "rumored"),
        ("Reportedly, the firm is seeking $3 billion.", "$3 billion", "rumored"),
        ("An estimated 40,000 people attended.", "40,000 people", "estimated"),
        ("Sales reached $4 billion, up from $3 billion.", "$3 billion", "revised"),
        ("The line opened in May 2026 with 300 staff.", "300 staff", "reported"),
        ("Output hit 5 GW, analysts estimate.", "5 GW", "estimated"),
        ("It closed a $3 billion loan and expects first power next year.", "$3 billion", "reported"),
        ("A $3 billion loan is expected to close next week.", "$3 billion", "expected"),
        ("Net income was $421 million, beating analysts' forecasts.", "$421 million", "reported"),
        ("Revenue of $2 billion missed forecasts.", "$2 billion", "reported"),
        ("Profit of $2 billion topped the $1.8 billion analysts had expected.", "$1.8 billion", "expected"),
    ],
)
def test_modality_cues(sentence, claim, expected):
    assert modality(sentence, claim) == expected


def test_a_from_cue_marks_only_the_old_value_right_after_it() -> None:
    sentence = "Farmers harvested 1.8 million tonnes this season, down from 2.6 million tonnes last year."
    new, old = sentence.index("1.8"), sentence.index("2.6")
    assert modality_for(sentence, new, new + len("1.8 million tonnes")) == "reported"
    assert modality_for(sentence, old, old + len("2.6 million tonnes")) == "revised"
    last_year = sentence.index("last year")
    assert modality_for(sentence, last_year, last_year + len("last year")) == "reported"
