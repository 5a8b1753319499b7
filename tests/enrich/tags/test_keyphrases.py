"""Emerging keyphrase tags: specific, whole-name phrases, each with evidence."""

from __future__ import annotations

from tidings.enrich.tags.analysis import analyse
from tidings.enrich.tags.idf import english_idf
from tidings.enrich.tags.keyphrases import KeyphraseTagger
from tidings.enrich.tags.names import find_names, name_tokens

TEXT = (
    "Baku backs the Zangezur corridor. The Zangezur corridor would link the two regions. "
    "Officials said the Zangezur corridor could open next year, officials said. "
    "The corridor is disputed."
)


def _tags(title: str, text: str, language: str = "en"):
    analysis = analyse(title, text, language)
    names = name_tokens(find_names(analysis))
    return KeyphraseTagger(english_idf()).tag(analysis, names=names)


def test_a_repeated_specific_phrase_is_the_top_tag() -> None:
    tags = _tags("Transit plans", TEXT)
    assert tags[0].slug == "ZangezurCorridor"
    assert "Zangezur corridor" in tags[0].evidence


def test_common_words_rank_below_specific_ones() -> None:
    slugs = [t.slug for t in _tags("Transit plans", TEXT)]
    assert "officials" not in slugs[:2]


def test_phrases_never_cut_a_name() -> None:
    text = "Singer Michael Buble married. Michael Buble thanked fans. Buble sang."
    displays = [t.display for t in _tags("", text)]
    assert not any(d.endswith("Michael") for d in displays)
    assert "Michael Buble thanked" not in displays  # a name with words must repeat


def test_no_phrases_overlap() -> None:
    stems = [set(t.display.lower().split()) for t in _tags("Transit plans", TEXT)]
    for i, a in enumerate(stems):
        for b in stems[i + 1 :]:
            assert not (a <= b or b <= a)


def test_works_for_other_languages() -> None:
    text = "La fusée Falcon 9 a décollé. La fusée emporte la capsule Dragon vers la station."
    assert "fusée" in [t.display for t in _tags("Lancement de SpaceX", text, "fr")]


def test_a_month_weekday_or_time_zone_alone_is_never_a_tag() -> None:
    text = (
        "The protest march began in January. In January the protest march grew. "
        "By Monday the march had reached the capital; on Monday police watched. "
        "At 10:00 GMT it stopped. At 11:00 GMT it moved on."
    )
    slugs = [t.slug.lower() for t in _tags("January protest march", text)]
    assert not {"january", "monday", "gmt"} & set(slugs)
    assert any("march" in slug for slug in slugs)  # "march" the noun still counts
    french = [
        t.slug.lower() for t in _tags("", "Le sommet de janvier. En janvier, le sommet.", "fr")
    ]
    assert "janvier" not in french


def test_a_phrase_of_common_words_said_once_is_no_tag() -> None:
    title = "How Jesse Jackson helped empower US Arabs and lift up the Palestinian cause"
    text = "Arab American advocates eulogise Jackson as a civil rights giant."
    displays = {t.display.lower() for t in _tags(title, text)}
    assert not {"helped empower", "advocates eulogise", "civil rights giant"} & displays
    assert "jesse jackson" in displays  # a name said once still is


def test_a_repeated_phrase_of_common_words_is_a_tag() -> None:
    text = "Officials studied the wild horse. The wild horse herd grew to forty."
    assert "wild horse" in [t.display for t in _tags("Herd counted", text)]


def test_a_link_in_the_text_leaves_no_tag() -> None:
    text = "Read more at https://www.dawn.com/news/1973802 and www.example.org today."
    slugs = {t.slug.lower() for t in _tags("Fasting study", text)}
    assert not {s for s in slugs if s in {"https", "http", "www"} or s.startswith("www")}
