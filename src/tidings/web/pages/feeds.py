"""Feeds out: RSS, Atom and JSON Feed for every tag, section, source, edition
and search, with ETags for conditional GET and caching headers.

Each feed reuses its HTML page's builder, so a feed lists exactly the page's
articles (the reader's edition cookie does not apply: a feed URL must mean the
same thing in every feed reader).
"""

from __future__ import annotations

import hashlib

from fastapi import APIRouter, Request
from fastapi.responses import Response

from tidings.web.feedformat import FORMATS, Feed, FeedItem
from tidings.web.pages.home import home_page
from tidings.web.pages.lists import section_page, source_page
from tidings.web.pages.search import search_page
from tidings.web.pages.tag import alias_redirect, tag_page
from tidings.web.params import RowId
from tidings.web.prefs import Prefs, clean_edition
from tidings.web.schemas import ArticleOut, NotFoundOut
from tidings.web.site import PageNotFound, Site, SiteDep, with_query

router = APIRouter()
MAX_AGE = 300


def _site_url(request: Request, site: Site) -> str:
    """The site's address for absolute links: the operator's ``public_url``, else
    the one this request asked for. Feeds are publicly cached, so a link built from
    one request's Host header would be served to every reader of the cached copy."""
    return (site.settings.public_url or str(request.base_url)).rstrip("/")


def _item(request: Request, base: str, article: ArticleOut) -> FeedItem:
    own = base + request.app.url_path_for("article_html", article_id=article.id)
    source = article.source
    return FeedItem(
        id=own,
        url=own,
        title=article.title,
        summary=" ".join(article.lead),
        published=article.listed_at,
        added=article.first_seen_at,
        original_url=article.url if article.is_web_link else None,
        author=article.author,
        tags=tuple(tag.slug for tag in article.tags),
        publisher=source.name if source else None,
        publisher_feed=_web(source.url) if source else None,
        publisher_site=_web(source.site_url) if source else None,
    )


def _web(url: str | None) -> str | None:
    """Only a web address: an archive's source is a file on the operator's disk."""
    return url if url and url.startswith(("https://", "http://")) else None


def _respond(
    request: Request, site: Site, file: str, title: str, html_path: str, articles: list[ArticleOut]
) -> Response:
    if file not in FORMATS:
        raise PageNotFound(
            NotFoundOut(detail=f"No feed called {file}; try feed.xml, atom.xml or feed.json.")
        )
    media_type, render = FORMATS[file]
    base = _site_url(request, site)
    feed = Feed(
        title=title,
        home_url=base + html_path,
        feed_url=base + with_query(request, request.url.path),
        description=f"{title}, from {site.settings.site_name}",
        items=[_item(request, base, article) for article in articles],
    )
    body = render(feed)
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={MAX_AGE}"}
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@router.get("/tag/{slug}/{file}", include_in_schema=False)
def tag_feed(request: Request, slug: str, file: str, site: SiteDep) -> Response:
    if redirect := alias_redirect(request, slug):
        return redirect
    page = tag_page(site, slug, Prefs(), None)
    return _respond(request, site, file, page.heading, f"/tag/{slug}", page.articles)


@router.get("/section/{slug}/{file}", include_in_schema=False)
def section_feed(request: Request, slug: str, file: str, site: SiteDep) -> Response:
    page = section_page(site, slug, Prefs(), None)
    return _respond(request, site, file, page.heading, f"/section/{slug}", page.articles)


@router.get("/source/{source_id}/{file}", include_in_schema=False)
def source_feed(request: Request, source_id: RowId, file: str, site: SiteDep) -> Response:
    page = source_page(site, source_id, None)
    return _respond(request, site, file, page.heading, f"/source/{source_id}", page.articles)


@router.get("/edition/{country}/{file}", include_in_schema=False)
def edition_feed(request: Request, country: str, file: str, site: SiteDep) -> Response:
    edition = clean_edition(country)
    page = home_page(site, Prefs(edition=edition), None)
    if edition is not None and page.narrowing.edition is None:
        raise PageNotFound(NotFoundOut(detail=f"There is no edition '{country}' yet."))
    return _respond(request, site, file, page.heading, f"/edition/{country}", page.articles)


@router.get("/search/{file}", include_in_schema=False)
def search_feed(request: Request, file: str, site: SiteDep) -> Response:
    page = search_page(site, request.query_params)
    path = "/search?" + str(request.url.query)
    return _respond(request, site, file, page.heading, path, [hit.article for hit in page.hits])
