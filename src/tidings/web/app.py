"""Assembly only: build the Site, mount static files and the page routers."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from tidings import __version__
from tidings.config import Settings
from tidings.store import Store
from tidings.web import errors, security
from tidings.web.head import HeadAsGet
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
    rootfiles,
    search,
    story,
    tag,
)
from tidings.web.site import HERE, Site, make_templates

ROUTERS = (
    feeds,
    home,
    tag,
    lists,
    story,
    article,
    search,
    foryou,
    pwa,
    rootfiles,
    apidocs,
    operator,
)


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
    errors.install(app)
    app.middleware("http")(cache_headers)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    for module in ROUTERS:
        app.include_router(module.router)
    security.install(app, settings)
    app.add_middleware(HeadAsGet)
    return app
