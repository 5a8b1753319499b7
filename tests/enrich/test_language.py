"""Language detection: real sentences in several scripts, and input that must not break it."""

from __future__ import annotations

import pytest

from tidings.enrich.language import detect_language, normalise_language_code

SENTENCES = {
    "en": "The government announced new measures to curb inflation on Tuesday morning.",
    "fr": "Le gouvernement a annoncé mardi de nouvelles mesures pour freiner l'inflation.",
    "de": "Die Regierung hat am Dienstag neue Maßnahmen gegen die Inflation angekündigt.",
    "es": "El gobierno anunció el martes nuevas medidas para frenar la inflación en el país.",
    "ar": "أعلنت الحكومة يوم الثلاثاء عن إجراءات جديدة لكبح التضخم في البلاد",
    "ru": "Правительство во вторник объявило о новых мерах по сдерживанию инфляции.",
}


@pytest.mark.parametrize("code", sorted(SENTENCES))
def test_detects_the_language_of_a_sentence(code: str) -> None:
    assert detect_language(SENTENCES[code]) == code


def test_the_text_overrules_a_wrong_declaration() -> None:
    assert detect_language(SENTENCES["de"], declared="en") == "de"


def test_a_plausible_declaration_breaks_a_tie() -> None:
    # Bosnian, Croatian and Serbian share this sentence: alone it is unsure, declared it is not.
    sentence = "Vlada je danas predstavila novi proračun"
    assert detect_language(sentence) is None
    assert detect_language(sentence, declared="sr-Latn") == "sr"
    # Danish and Norwegian Bokmål are close: a declared "no" is plausible for this Danish text.
    assert detect_language("Regeringen fremlagde et nyt budget i dag", declared="no") == "no"


@pytest.mark.parametrize("text", ["", "   ", "12345 !!! ???", "<div><p>&nbsp;</p></div>" * 50])
def test_nothing_to_read_gives_none(text: str) -> None:
    assert detect_language(text) is None


def test_nothing_to_read_falls_back_to_the_declaration() -> None:
    assert detect_language("", declared="en-GB") == "en"


def test_huge_and_odd_input_returns_a_code_or_none() -> None:
    assert detect_language("x" * 5_000_000) in (None, *SENTENCES)
    assert detect_language("รัฐบาลประกาศมาตรการใหม่เพื่อควบคุมเงินเฟ้อในวันอังคาร") == "th"
    assert detect_language("\x00\ud800 \ufffd ©®™ 🙂" * 100) is None


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("en-US", "en"),
        ("EN_gb", "en"),
        ("deu", "de"),
        ("fr", "fr"),
        ("", None),
        ("x-klingon", None),
    ],
)
def test_declared_codes_are_normalised(declared: str, expected: str | None) -> None:
    assert normalise_language_code(declared) == expected
