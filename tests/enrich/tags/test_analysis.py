"""The shared text analysis: sentences, tokens, stems, limits."""

from __future__ import annotations

from tidings.enrich.tags.analysis import LEAD_CHARS, MAX_CHARS, analyse


def test_title_and_sentences_are_split_and_marked() -> None:
    analysis = analyse("A title", "First sentence. Second one! Third? Yes.", "en")
    assert [s.text for s in analysis.sentences] == [
        "A title", "First sentence.", "Second one!", "Third?", "Yes."
    ]  # fmt: skip
    assert [s.in_title for s in analysis.sentences] == [True, False, False, False, False]


def test_tokens_are_stemmed_and_possessives_dropped() -> None:
    tokens = analyse("", "Russia's diplomats protested.", "en").tokens
    assert [t.stem for t in tokens] == ["russia", "diplomat", "protest"]


def test_position_weight_favours_title_and_lead() -> None:
    analysis = analyse("Title", "Lead one. Lead two. Body three. Body four.", "en")
    weights = [analysis.position_weight(i) for i in range(len(analysis.sentences))]
    assert weights == [2.0, 1.5, 1.5, 1.0, 1.0]


def test_the_lead_is_the_title_and_the_body_s_first_characters() -> None:
    sentence = "A sentence of about fifty characters, give or take. "
    analysis = analyse("Headline", sentence * (2 * LEAD_CHARS // len(sentence)), "en")
    lead = [analysis.in_lead(i) for i in range(len(analysis.sentences))]
    assert lead[0] and analysis.sentences[0].in_title
    cut = lead.index(False)
    assert all(lead[:cut]) and not any(lead[cut:])
    body_start = analysis.sentences[1].start
    assert analysis.sentences[cut].start - body_start >= LEAD_CHARS
    assert analysis.sentences[cut - 1].start - body_start < LEAD_CHARS


def test_elided_articles_are_not_part_of_the_word() -> None:
    analysis = analyse("", "L'armée d'Yvan a quitté l'Égypte jusqu'à l'aube.", "fr")
    assert [t.surface for t in analysis.tokens] == [
        "armée", "Yvan", "a", "quitté", "Égypte", "à", "aube",
    ]  # fmt: skip
    assert analysis.text[analysis.tokens[1].start :].startswith("Yvan")
    english = analyse("", "Rock 'n' roll isn't dead: O'Brien's l'oeuvre.", "en")
    assert "O'Brien's" in [t.surface for t in english.tokens]


def test_huge_text_is_cut_and_unknown_language_is_not_stemmed() -> None:
    analysis = analyse("", "word " * MAX_CHARS, None)
    assert analysis.truncated and len(analysis.text) == MAX_CHARS
    assert analysis.tokens[0].stem == "word" and not analysis.tokens[0].stop
