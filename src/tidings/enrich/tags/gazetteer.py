"""The place names Tidings knows: countries (pycountry + curated aliases) and cities.

Every name maps to a ``Place``: the country it stands for and, for a city, the city.
"Azerbaijani", "Baku" and "Azerbaijan" all lead to the country Azerbaijan; the tagger
then tags the country and, when prominent, the city. Articles in other languages also
name countries as CLDR writes them there ("Espagne", "Egipto"), to the same tags.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry
from babel import Locale, UnknownLocaleError
from babel.localedata import locale_identifiers

from tidings.enrich.tags.slugs import tag_slug

DATA = resources.files("tidings.enrich.tags") / "data"


@dataclass(frozen=True, slots=True)
class Place:
    """What one gazetteer name refers to."""

    country: str  # the country's tag slug, e.g. "Azerbaijan"
    country_display: str  # e.g. "Azerbaijan", "United Kingdom"
    city: str | None = None  # the city's display name when the name is a city


def _data_rows(name: str) -> list[list[str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def _display(slug: str, fallback: str) -> str:
    """Readable form of a country slug: "UnitedKingdom" -> "United Kingdom"."""
    spaced = "".join(" " + ch if ch.isupper() and i else ch for i, ch in enumerate(slug))
    return spaced if spaced.replace(" ", "") == slug else fallback


@cache
def countries() -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (tag slug, display name) for every country pycountry knows."""
    curated = {row[0]: row[1] for row in _data_rows("country_aliases.tsv")}
    table: dict[str, tuple[str, str]] = {}
    for country in pycountry.countries:
        common = getattr(country, "common_name", None) or country.name
        slug = curated.get(country.alpha_2) or tag_slug(common.split(",")[0])
        table[country.alpha_2] = (slug, _display(slug, common))
    table["XK"] = ("Kosovo", "Kosovo")  # not (yet) in ISO 3166-1
    return table


def _split(field: str) -> list[str]:
    return [item for item in field.split("|") if item]


@cache
def country_names() -> dict[str, str]:
    """Names of countries (ISO, common, short and former names) -> alpha-2."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names[value] = country.alpha_2
    for code, _slug, other_names, _mentions in _data_rows("country_aliases.tsv"):
        names[countries()[code][1]] = code
        names.update(dict.fromkeys(_split(other_names), code))
    return names


@cache
def country_mentions() -> dict[str, str]:
    """Words that point at a country without naming it ("Azerbaijani", "Kremlin")."""
    mentions: dict[str, str] = {}
    for code, _slug, _names, words in _data_rows("country_aliases.tsv"):
        mentions.update(dict.fromkeys(_split(words), code))
    return mentions


@cache
def place_names() -> dict[str, Place]:
    """Every name the tagger looks for, with what it refers to; countries win clashes."""
    table = countries()
    places: dict[str, Place] = {}
    for name, country, _population, _kind in _data_rows("cities.tsv"):
        if country in table:
            slug, display = table[country]
            places[name] = Place(slug, display, city=name)
    for name, code in (country_mentions() | country_names()).items():
        slug, display = table[code]
        places[name] = Place(slug, display)
    return places


# Country names in other languages that news there mostly writes for something else: a
# meeting (Réunion), a grenade (Grenada), Brazil's Salvador da Bahia (El Salvador), saints
# and first names (Saint-Martin, Guadeloupe). The other names are dropped where another
# capitalised word follows, as part of a person's name (``places``): "Maurice Papon".
_NOT_COUNTRY_NAMES = frozenset(
    {"Reunión", "Reunião", "Riunione", "Grenade", "Salvador", "Guadalupe", "San Martín",
     "São Martinho"}
)  # fmt: skip


@cache
def localized_country_names(language: str) -> dict[str, str]:
    """Country names in one language (CLDR, through Babel) -> alpha-2; empty for English.

    Every regional variant of the language counts ("Egito" in Brazil, "Egipto" in
    Portugal); a name with a qualifier in brackets ("Hong Kong (R.A.E. chinoise)") is
    no way news writes it, and ``_NOT_COUNTRY_NAMES`` are first of all something else.
    """
    if language == "en":
        return {}
    known = countries()
    names: dict[str, str] = {}
    for identifier in locale_identifiers():
        if identifier.split("_")[0] != language:
            continue
        try:
            territories = Locale.parse(identifier).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code, name in territories.items():
            usable = "(" not in name and "," not in name and name not in _NOT_COUNTRY_NAMES
            if code in known and usable:
                names[name] = code
                names[name.replace("’", "'")] = code
    return names


@cache
def _codes_by_slug() -> dict[str, str]:
    return {slug: code for code, (slug, _display) in countries().items()}


def country_name_in(slug: str, language: str) -> str | None:
    """A country tag's name as CLDR writes it in one language ("Spain", "fr" -> "Espagne");
    None when the slug is no country or the language unknown."""
    code = _codes_by_slug().get(slug)
    if code is None:
        return None
    try:
        return Locale.parse(language).territories.get(code)
    except (UnknownLocaleError, ValueError):
        return None
