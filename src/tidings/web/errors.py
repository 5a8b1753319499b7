"""How a request for nothing is answered: the site's 404 page, or JSON under ``/api``.

Page builders raise ``PageNotFound`` with a helpful detail. An address no route
matches (``/tag/``, a missing static file) and one whose path parameter cannot
name anything (``/article/abc``, an id past the store's ``MAX_ID``) get the
same 404: to a reader they are just another missing page, and an id out of
range must never reach the database, which cannot bind it. Under ``/api`` the
answer stays JSON.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from tidings.web.schemas import NotFoundOut
from tidings.web.site import PageNotFound


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


def not_found_response(request: Request, exc: PageNotFound) -> HTMLResponse | JSONResponse:
    if is_api(request.url.path):
        return JSONResponse(exc.page.model_dump(), status_code=404)
    return request.app.state.site.render(request, "not_found.html", exc.page, status=404)


def no_page(request: Request) -> HTMLResponse | JSONResponse:
    detail = f"There is no page at {request.url.path}."
    return not_found_response(request, PageNotFound(NotFoundOut(detail=detail)))


async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """A path parameter that does not validate names no page: 404; a bad query stays 422."""
    if any(error["loc"][0] == "path" for error in exc.errors()):
        return no_page(request)
    return await request_validation_exception_handler(request, exc)


async def http_error(request: Request, exc: HTTPException) -> Response:
    """An address no route matches: the 404 page outside ``/api``, FastAPI's JSON inside."""
    if exc.status_code == 404 and not is_api(request.url.path):
        return no_page(request)
    return await http_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(PageNotFound, not_found_response)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, http_error)  # type: ignore[arg-type]
