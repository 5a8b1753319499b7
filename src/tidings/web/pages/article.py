"""One article: the whole text, its tags with their evidence, a link to the original."""

from __future__ import annotations

import nh3
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from tidings.web.params import RowId
from tidings.web.schemas import ArticleFullOut, NotFoundOut, article_full_out
from tidings.web.site import PageNotFound, Site, SiteDep

router = APIRouter()


def article_page(site: Site, article_id: int) -> ArticleFullOut:
    view = site.store.reader.article(article_id)
    if view is None:
        raise PageNotFound(NotFoundOut(detail=f"There is no article {article_id}."))
    page = article_full_out(view, site.section(view.section, view.section_evidence))
    if page.html:
        # Extraction sanitises already; a second pass keeps the page safe whatever wrote the row.
        page.html = nh3.clean(page.html, link_rel="noopener noreferrer nofollow")
    return page


@router.get("/article/{article_id}", response_class=HTMLResponse, include_in_schema=False)
def article_html(request: Request, article_id: RowId, site: SiteDep) -> HTMLResponse:
    return site.render(request, "article.html", article_page(site, article_id))


@router.get("/api/article/{article_id}", response_model=ArticleFullOut, tags=["pages"])
def article_json(article_id: RowId, site: SiteDep) -> ArticleFullOut:
    """One article with its full text, section and tags with evidence."""
    return article_page(site, article_id)
