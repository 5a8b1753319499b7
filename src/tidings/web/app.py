"""Assembly only: build the Site, mount static files and the page routers."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tidings import __version__
from tidings.config import Settings
from tidings.store import Store
from tidings.web import security
from tidings.web.headers import cache_headers
from tidings.web.pages import (
    apidocs,
    article,
    feeds,
    foryou,
    home,
    lists,
    operator,
    pwa,
    search,
    tag,
)
from tidings.web.site import HERE, PageNotFound, Site, make_templates, not_found_response

ROUTERS = (feeds, home, tag, lists, article, search, foryou, pwa, apidocs, operator)


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """The web application; ``store`` is opened from settings when not given."""
    app = FastAPI(
        title=f"{settings.site_name} API",
        version=__version__,
        description="Latest news by hashtag, section, source and edition, with tag evidence.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.site = Site(settings, store or Store.open(settings), make_templates())
    app.add_exception_handler(PageNotFound, not_found_response)  # type: ignore[arg-type]
    app.middleware("http")(cache_headers)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    security.install(app, settings)
    return app
