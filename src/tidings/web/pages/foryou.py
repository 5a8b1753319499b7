""" "For you": the tags and sources a reader follows, minus the tags they mute.

Nothing about the reader is stored here: the choices live in the browser
(localStorage, ``static/follow.js``), the page is a shell, and
``static/foryou.js`` asks ``/api/for-you`` for the list.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from tidings.store.reading import ListFilter
from tidings.web.pages.common import Cursor, cards
from tidings.web.params import QueryRowId
from tidings.web.schemas import ArticleListOut
from tidings.web.site import Site, SiteDep

router = APIRouter()
MAX_FOLLOWED = 50
Slugs = Annotated[list[str], Query(max_length=128)]


def for_you_page(
    site: Site, tags: list[str], sources: list[int], muted: list[str], cursor: str | None
) -> ArticleListOut:
    heading = "For you"
    if not (tags or sources):
        return ArticleListOut(title=heading, heading=heading, articles=[], next_cursor=None)
    where = ListFilter(
        tags=tuple(tags[:MAX_FOLLOWED]),
        source_ids=tuple(sources[:MAX_FOLLOWED]),
        muted=tuple(muted[:MAX_FOLLOWED]),
    )
    page = site.latest(where, cursor)
    return ArticleListOut(
        title=heading, heading=heading, articles=cards(site, page), next_cursor=page.next_cursor
    )


@router.get("/for-you", response_class=HTMLResponse, include_in_schema=False)
def for_you_html(request: Request, site: SiteDep) -> HTMLResponse:
    shell = ArticleListOut(title="For you", heading="For you", articles=[], next_cursor=None)
    return site.render(request, "for_you.html", shell)


@router.get("/api/for-you", response_model=ArticleListOut, tags=["pages"])
def for_you_json(
    site: SiteDep,
    tag: Slugs = [],  # noqa: B006 - FastAPI copies query defaults
    source: Annotated[list[QueryRowId], Query()] = [],  # noqa: B006
    mute: Slugs = [],  # noqa: B006
    cursor: Cursor = None,
) -> ArticleListOut:
    """Newest articles with any followed tag or from any followed source, without muted tags."""
    return for_you_page(site, tag, source, mute, cursor)
