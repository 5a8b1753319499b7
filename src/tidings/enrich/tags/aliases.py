"""Tag synonyms: one tag per thing, whatever name an article or a reader uses.

``canonical_tag("Turkiye") == "Turkey"``, ``canonical_tag("USA") == "UnitedStates"``:
the tagger folds synonyms before it ranks, and the web layer redirects an alias's tag
page to the canonical one. Country names come from the gazetteer (pycountry plus the
curated table); other synonyms from ``data/aliases.tsv``.
"""

from __future__ import annotations

from functools import cache

from tidings.enrich.tags.gazetteer import DATA, countries, country_names
from tidings.enrich.tags.slugs import tag_slug


def _key(slug: str) -> str:
    return slug.casefold()


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for name, code in country_names().items():
        table[_key(tag_slug(name))] = countries()[code][0]
    text = (DATA / "aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            canonical, aliases = line.split("\t")
            for alias in aliases.split("|"):
                table[_key(tag_slug(alias))] = canonical
    for code in countries().values():
        table[_key(code[0])] = code[0]
    return table


def canonical_tag(slug: str) -> str:
    """The tag a slug stands for; the slug itself when it is no known alias."""
    return _table().get(_key(slug), slug)
