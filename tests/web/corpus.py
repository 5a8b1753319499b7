"""A small, deliberate news corpus for the web tests, written straight to a store.

Ten days of articles from three publishers: a steady tag (#Russia, three a day
every day), a tag that surges today (#ZangezurCorridor), an edition's country
(#France), French and English texts, and one article whose HTML carries a script.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tidings.models import Article, Enrichment, ExtractedArticle, TagAssignment, TagKind
from tidings.store import Store

NOW = datetime.now(UTC).replace(microsecond=0)
SOURCES = (
    ("https://www.aljazeera.com/xml/rss/all.xml", "Al Jazeera"),
    ("https://www.alarabiya.net/feed/rss2/en.xml", "Al Arabiya"),
    ("https://www.lemonde.fr/rss/une.xml", "Le Monde"),
)
TAGS = {
    "Russia": ("Russia", TagKind.PLACE),
    "Azerbaijan": ("Azerbaijan", TagKind.PLACE),
    "France": ("France", TagKind.PLACE),
    "diplomaticConflict": ("Diplomatic conflict", TagKind.CONCEPT),
    "ZangezurCorridor": ("Zangezur corridor", TagKind.EMERGING),
    "climateChange": ("Climate change", TagKind.CONCEPT),
}


@dataclass(frozen=True)
class Written:
    """What the corpus put in the store, for the tests to check pages against."""

    source_ids: list[int]
    article_ids: dict[str, int]  # by URL


def assignment(slug: str, evidence: str = "") -> TagAssignment:
    display, kind = TAGS[slug]
    return TagAssignment(slug, display, kind, 0.8, evidence or f"{display} is named in the text.")


def article(
    url: str,
    title: str,
    text: str,
    hours_ago: float,
    tags: tuple[str, ...],
    *,
    language: str = "en",
    section: str = "politics",
    html: str | None = None,
) -> Article:
    content = ExtractedArticle(
        url=url,
        title=title,
        text=text,
        html=html,
        author="Staff writer",
        published=NOW - timedelta(hours=hours_ago),
        image="https://images.example.org/picture.jpg",
    )
    enrichment = Enrichment(
        language=language,
        section=section,
        section_evidence="The publisher files it under politics.",
        tags=[assignment(slug) for slug in tags],
    )
    return Article(content, enrichment)


def articles() -> list[tuple[int, Article]]:
    """(source index, article) pairs."""
    made: list[tuple[int, Article]] = []
    for day in range(10):
        for n in range(3):
            made.append(
                (
                    n % 2,
                    article(
                        f"https://www.aljazeera.com/news/russia-{day}-{n}",
                        f"Moscow briefing day {day} number {n}",
                        "The Kremlin spokesman answered questions about sanctions.\n\n"
                        "Officials in Moscow said talks would continue next week.",
                        hours_ago=day * 24 + n * 3 + 1,
                        tags=("Russia",),
                    ),
                )
            )
    for n in range(6):
        made.append(
            (
                1,
                article(
                    f"https://english.alarabiya.net/news/zangezur-{n}",
                    f"Azerbaijan and Armenia clash over the Zangezur corridor ({n})",
                    "Baku recalled its ambassador after the border incident.\n\n"
                    "The corridor would link Azerbaijan to its exclave of Nakhchivan.\n\n"
                    "Diplomats described the dispute as the worst in years.",
                    hours_ago=2 + n * 2,
                    tags=("ZangezurCorridor", "Azerbaijan", "diplomaticConflict"),
                ),
            )
        )
    for n in range(4):
        made.append(
            (
                2,
                article(
                    f"https://www.lemonde.fr/planete/climat-{n}",
                    f"La France présente son plan climat ({n})",
                    "Le gouvernement a présenté un plan pour réduire les émissions.\n\n"
                    "Les associations jugent le texte insuffisant.",
                    hours_ago=30 + n * 20,
                    tags=("France", "climateChange"),
                    language="fr",
                    section="environment",
                ),
            )
        )
    made.append(
        (
            0,
            article(
                "https://www.aljazeera.com/news/script-test",
                "Ceasefire talks resume in Doha",
                "Negotiators met in Doha on Tuesday.\n\nA second round is planned.",
                hours_ago=40,
                tags=("diplomaticConflict",),
                html='<p>Negotiators met in <a href="https://doha.example">Doha</a>'
                " on Tuesday.<script>alert('x')</script></p><p>A second round is planned.</p>",
            ),
        )
    )
    return made


def fill(store: Store, extra: list[tuple[int, Article]] | None = None) -> Written:
    source_ids = [store.sources.add(url, title=title)[0].id for url, title in SOURCES]
    ids = {}
    for source, item in [*articles(), *(extra or [])]:
        ids[item.content.url] = store.articles.save(item, source_ids[source])[0]
    return Written(source_ids, ids)
