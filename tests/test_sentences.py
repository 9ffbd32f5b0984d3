from consistency.extract.sentences import SentenceIndex, sentence_bounds


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_bounds(text)]


def test_abbreviations_and_initials_do_not_end_sentences():
    text = "The U.S. unit of Acme Corp. said on Jan. 5 it raised $6.5 billion. J. Smith agreed."
    assert sentences(text) == [
        "The U.S. unit of Acme Corp. said on Jan. 5 it raised $6.5 billion.",
        "J. Smith agreed.",
    ]


def test_decimal_numbers_and_quotes():
    text = 'Output rose 2.5 percent. "We are pleased," she said. Next year looks better!'
    assert sentences(text) == ['Output rose 2.5 percent.', '"We are pleased," she said.', "Next year looks better!"]


def test_blank_lines_separate_blocks_without_punctuation():
    text = "A heading without a period\n\nThe first paragraph. The second sentence"
    assert sentences(text) == ["A heading without a period", "The first paragraph.", "The second sentence"]


def test_sentence_index_collapses_whitespace():
    index = SentenceIndex("One  line\nwrapped here. Two.")
    assert index.sentence(index.index_of(3)) == "One line wrapped here."
    assert index.sentence(index.index_of(len("One  line\nwrapped here. T"))) == "Two."


def test_empty_text_has_no_sentences():
    assert sentence_bounds("") == []
    assert sentence_bounds(" \n\n ") == []
