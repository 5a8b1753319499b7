"""The reader's edition and language: chosen once, remembered in cookies.

"Global content with local flavour": an edition narrows every list to the
articles that concern one country (its place tag), a language to the articles
written in it. A query parameter (``?lang=fr``) changes the choice, an empty
one (``?lang=``) clears it; the cookie carries it to the next page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pycountry
from fastapi import Request, Response

EDITION_COOKIE, LANGUAGE_COOKIE = "edition", "lang"
ONE_YEAR = 365 * 24 * 3600
_SLUG = re.compile(r"^[\w-]{1,128}$", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Prefs:
    edition: str | None = None  # a place tag's slug
    language: str | None = None  # ISO 639-1

    def remember(self, response: Response) -> None:
        """Store the choice in cookies (or clear them); lists vary by cookie."""
        for name, value in ((EDITION_COOKIE, self.edition), (LANGUAGE_COOKIE, self.language)):
            if value:
                response.set_cookie(name, value, max_age=ONE_YEAR, samesite="lax")
            else:
                response.delete_cookie(name)
        response.headers["Vary"] = "Cookie"


def clean_language(value: str | None) -> str | None:
    """An ISO 639-1 code, as articles are stored, or None: any other value would
    narrow every list to nothing (and be remembered for a year)."""
    value = (value or "").strip().lower()
    known = len(value) == 2 and pycountry.languages.get(alpha_2=value) is not None
    return value if known else None


def clean_edition(value: str | None) -> str | None:
    value = (value or "").strip()
    return value if _SLUG.match(value) and value.lower() != "world" else None


def prefs_of(request: Request, edition: str | None = None) -> Prefs:
    """The reader's choice: the page's own edition, else query, else cookies."""
    query, cookies = request.query_params, request.cookies
    language = query["lang"] if "lang" in query else cookies.get(LANGUAGE_COOKIE)
    if edition is None:
        edition = cookies.get(EDITION_COOKIE)
    return Prefs(clean_edition(edition), clean_language(language))
