"""``/docs``: the JSON API described from the OpenAPI document, served by us.

FastAPI's own Swagger page loads scripts from a CDN and runs inline script;
this site makes no third-party requests and forbids inline script, so the
description is rendered here (the machine-readable one is ``/openapi.json``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from tidings.web.site import SiteDep

router = APIRouter()


class EndpointOut(BaseModel):
    method: str
    path: str
    summary: str
    description: str
    parameters: list[str]


class ApiDocsOut(BaseModel):
    title: str
    endpoints: list[EndpointOut]


def api_docs(openapi: dict) -> ApiDocsOut:
    endpoints = []
    for path, operations in sorted(openapi.get("paths", {}).items()):
        for method, operation in operations.items():
            endpoints.append(
                EndpointOut(
                    method=method.upper(),
                    path=path,
                    summary=operation.get("summary", ""),
                    description=operation.get("description", ""),
                    parameters=[p["name"] for p in operation.get("parameters", [])],
                )
            )
    return ApiDocsOut(title="API", endpoints=endpoints)


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
def docs_html(request: Request, site: SiteDep) -> HTMLResponse:
    return site.render(request, "api_docs.html", api_docs(request.app.openapi()))
