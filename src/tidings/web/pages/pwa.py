"""The installable app: web manifest, service worker (served at the root so it
controls every page) and the page shown when a page is not cached offline."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from pydantic import BaseModel

from tidings.web.site import HERE, SiteDep

router = APIRouter()


class OfflineOut(BaseModel):
    title: str = "Offline"


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest(site: SiteDep) -> JSONResponse:
    name = site.settings.site_name
    icons = [
        {"src": "/static/icons/icon.svg", "sizes": "any", "type": "image/svg+xml"},
        {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
        {
            "src": "/static/icons/icon-512.png",
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    document = {
        "name": name,
        "short_name": name,
        "description": "Latest news by hashtag, with the evidence for each tag.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b57d0",
        "icons": icons,
    }
    return JSONResponse(document, media_type="application/manifest+json")


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> FileResponse:
    headers = {"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"}
    return FileResponse(HERE / "static" / "sw.js", media_type="text/javascript", headers=headers)


@router.get("/offline", response_class=HTMLResponse, include_in_schema=False)
def offline(request: Request, site: SiteDep) -> HTMLResponse:
    return site.render(request, "offline.html", OfflineOut())
