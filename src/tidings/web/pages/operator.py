"""What an operator may change over the web: follow a feed, ask for a re-crawl.

Every route here depends on ``require_operator``: without a configured
``operator_token`` the site stays read-only. A re-crawl marks the source due;
the refresh loop of ``tidings run`` (or the workers' scheduler) fetches it on
its next round, so the web process never fetches anything itself.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field, HttpUrl

from tidings.web.params import RowId
from tidings.web.schemas import NotFoundOut, SourceOut
from tidings.web.security import require_operator
from tidings.web.site import PageNotFound, Site, site

router = APIRouter(
    prefix="/api/sources", tags=["operator"], dependencies=[Depends(require_operator)]
)
SiteDep = Annotated[Site, Depends(site)]


class SourceIn(BaseModel):
    url: HttpUrl = Field(description="The feed's http(s) address.")
    title: str | None = Field(None, max_length=200, description="Display name.")


class SourceAdded(BaseModel):
    source: SourceOut
    created: bool


@router.post("", status_code=201, response_model=SourceAdded)
def add_source(body: SourceIn, site: SiteDep, response: Response) -> SourceAdded:
    """Follow a feed (201), or say it is already followed (200)."""
    source, created = site.store.sources.add(str(body.url), title=body.title)
    response.status_code = 201 if created else 200
    return SourceAdded(source=SourceOut.of(source), created=created)


@router.post("/{source_id}/crawl", status_code=202, response_model=SourceOut)
def crawl_source(source_id: RowId, site: SiteDep) -> SourceOut:
    """Fetch a source at the next refresh, even one marked broken."""
    source = site.store.sources.check_now(source_id)
    if source is None:
        raise PageNotFound(NotFoundOut(detail=f"There is no source {source_id}."))
    return SourceOut.of(source)
