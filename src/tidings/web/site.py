"""What every page needs: the store, the settings and the templates.

One ``Site`` is built by ``create_app`` and kept on ``app.state``; page modules
get it through the ``site`` dependency instead of importing globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

from babel import Locale, UnknownLocaleError
from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from tidings.config import Settings
from tidings.enrich.sections import SECTIONS
from tidings.store import BadCursor, Store
from tidings.store.reading import ListFilter
from tidings.store.search import Searcher
from tidings.store.tagstats import TagStats
from tidings.store.views import ArticlePage
from tidings.web.cache import TTLCache
from tidings.web.schemas import NotFoundOut, SectionOut

HERE = Path(__file__).parent
SECTION_NAMES = {section.slug: section.display for section in SECTIONS}


class PageNotFound(Exception):
    """Raised by a page builder; rendered as a helpful 404 (HTML or JSON)."""

    def __init__(self, page: NotFoundOut) -> None:
        super().__init__(page.detail)
        self.page = page


@dataclass
class Site:
    settings: Settings
    store: Store
    templates: Jinja2Templates
    search: Searcher = field(init=False)
    stats: TagStats = field(init=False)
    memo: TTLCache = field(init=False)

    def __post_init__(self) -> None:
        self.search = Searcher(self.store.engine)
        self.stats = TagStats(self.store.engine)
        self.memo = TTLCache(seconds=60)

    def render(
        self, request: Request, template: str, page: BaseModel, status: int = 200
    ) -> HTMLResponse:
        context: dict[str, Any] = {
            "page": page,
            "site_name": self.settings.site_name,
            "sections": SECTION_NAMES,
            "path": request.url.path,
        }
        return self.templates.TemplateResponse(request, template, context, status_code=status)

    def section(self, slug: str | None, evidence: str | None = None) -> SectionOut | None:
        if not slug:
            return None
        display = SECTION_NAMES.get(slug, slug.replace("-", " ").title())
        return SectionOut(slug=slug, display=display, evidence=evidence)

    def latest(
        self,
        where: ListFilter,
        cursor: str | None = None,
        limit: int | None = None,
        *,
        one_per_story: bool = True,
    ) -> ArticlePage:
        """One page of a list, each story once (its card says "N more sources");
        a cursor this site did not hand out is a plain 404."""
        try:
            return self.store.reader.latest(
                limit=limit or self.settings.page_size,
                cursor=cursor,
                where=where,
                one_per_story=one_per_story,
            )
        except BadCursor as exc:
            detail = "This page link has expired or is invalid."
            raise PageNotFound(NotFoundOut(detail=detail)) from exc


def site(request: Request) -> Site:
    """FastAPI dependency: the Site of the running app."""
    return request.app.state.site


SiteDep = Annotated[Site, Depends(site)]


def moved(request: Request, status: int = 301, **params: object) -> RedirectResponse:
    """A redirect to the same route with ``params`` changed, keeping the query string
    (``?cursor=``, ``?lang=``); relative, so it is right whatever Host was asked."""
    path = request.app.url_path_for(
        request.scope["route"].name, **{**request.path_params, **params}
    )
    return RedirectResponse(with_query(request, path), status_code=status)


def with_query(request: Request, path: str) -> str:
    """``path`` with the request's query string (``?cursor=``, ``?lang=``) carried over."""
    query = request.url.query
    return f"{path}?{query}" if query else path


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.filters["date"] = format_date
    templates.env.filters["isodate"] = lambda value: value.isoformat() if value else ""
    templates.env.filters["language"] = language_name
    return templates


def language_name(code: str) -> str:
    """ "Chinese (zh)" for a reader who does not read ISO 639 codes; the code alone
    when CLDR does not know it."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name("en")
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return f"{name} ({code})" if name else code


def format_date(value: datetime | None) -> str:
    """The UTC date; ``static/time.js`` rewrites it in the reader's own time zone."""
    if value is None:
        return ""
    return f"{value.day} {value:%B %Y}"
