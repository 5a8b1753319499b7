"""The reader's edition and language: chosen once, remembered in cookies.

"Global content with local flavour": an edition narrows every list to the
articles that concern one country (its place tag), a language to the articles
written in it. A query parameter (``?lang=fr``) changes the choice, an empty
one (``?lang=``) clears it; the cookie carries it to the next page.

A ``?lang=`` that names no language (``xx``, ``englsh``) is the reader's mistake,
said back to them: the page lists nothing and says why, and the remembered
choice is left as it was. Listing every language instead would hide the typo.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry
from fastapi import Request, Response

from tidings.enrich.language import normalise_language_code

EDITION_COOKIE, LANGUAGE_COOKIE = "edition", "lang"
ONE_YEAR = 365 * 24 * 3600
MAX_TYPED = 40  # of an unknown language code, said back to the reader
_SLUG = re.compile(r"^[\w-]{1,128}$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Prefs:
    edition: str | None = None  # a place tag's slug
    language: str | None = None  # ISO 639-1
    unknown_language: str | None = None  # a ?lang= naming no language, as typed

    def remember(self, response: Response) -> None:
        """Store the choice in cookies (or clear them); lists vary by cookie. An unknown
        language is not a choice: the language cookie stays as it was."""
        chosen = [(EDITION_COOKIE, self.edition)]
        if self.unknown_language is None:
            chosen.append((LANGUAGE_COOKIE, self.language))
        for name, value in chosen:
            if value:
                response.set_cookie(name, value, max_age=ONE_YEAR, samesite="lax")
            else:
                response.delete_cookie(name)
        response.headers["Vary"] = "Cookie"


def clean_language(value: str | None) -> str | None:
    """The ISO 639-1 code articles are stored under ("en" for "EN", "en-GB" or
    "eng"), or None for a value that names no language."""
    code = normalise_language_code(value)
    return code if code and pycountry.languages.get(alpha_2=code) is not None else None


def unknown_language(value: str | None) -> str | None:
    """What the reader typed for a language, when it names none; None when it does
    or is empty (which clears the choice)."""
    typed = (value or "").strip()[:MAX_TYPED]
    return typed if typed and clean_language(typed) is None else None


def unknown_language_message(typed: str) -> str:
    return (
        f"No articles in language “{typed[:MAX_TYPED]}”: it is not a language code"
        " (ISO 639-1, such as “en” or “fr”)."
    )


def clean_edition(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if _SLUG.match(value) and value.lower() != "world" else None


def prefs_of(request: Request, edition: str | None = None) -> Prefs:
    """The reader's choice: the page's own edition, else query, else cookies."""
    query, cookies = request.query_params, request.cookies
    language = query["lang"] if "lang" in query else cookies.get(LANGUAGE_COOKIE)
    if edition is None:
        edition = cookies.get(EDITION_COOKIE)
    typo = unknown_language(query.get("lang"))  # a stale cookie is not the reader's typo
    return Prefs(clean_edition(edition), clean_language(language), typo)
