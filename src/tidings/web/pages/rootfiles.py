"""Files clients ask for at fixed addresses of the site root: robots.txt, favicon.ico.

Crawlers are welcome on every page. The JSON twins under ``/api/`` repeat the
pages, and search results are endless combinations of words, each a costly
query behind the rate limit: neither is worth indexing. Browsers and feed
readers ask ``/favicon.ico`` whatever the page declares; the app's icon answers.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, PlainTextResponse

from tidings.web.headers import STATIC_MAX_AGE
from tidings.web.site import HERE

router = APIRouter()
ROBOTS = "User-agent: *\nDisallow: /api/\nDisallow: /search\n"


@router.get("/robots.txt", include_in_schema=False)
def robots() -> PlainTextResponse:
    return PlainTextResponse(ROBOTS)


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> FileResponse:
    headers = {"Cache-Control": f"public, max-age={STATIC_MAX_AGE}"}
    return FileResponse(HERE / "static/icons/icon-192.png", media_type="image/png", headers=headers)
