"""HEAD answers like GET without the body.

Crawlers, link checkers and feed readers ask HEAD to learn whether a page
exists or changed (status, Content-Length, ETag) without downloading it. The
routes are declared for GET only, so this plain ASGI wrapper runs a HEAD
request as a GET and drops what the response would have sent as its body;
every route, feed and static file gets HEAD without declaring it.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] != "http.response.body":
                await send(message)
            elif not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})

        await self.app({**scope, "method": "GET"}, receive, headers_only)
