"""The dashboard's side of the server: its pages (each with a JSON twin under /api), its static assets
and the security headers every response carries. The pages are the vite build in `static/`; until it
exists they answer 503 with the command that builds it."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.staticfiles import StaticFiles

from .errors import NotFoundError

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
BUILD_HINT = "the dashboard is not built: run `npm ci --prefix web && npm run build --prefix web`"


pages = APIRouter(include_in_schema=False)


@pages.get("/")
def home_page(request: Request):
    return _page(request.app.state.services.static, "index.html")


@pages.get("/documents")
def documents_page(request: Request):
    return _page(request.app.state.services.static, "documents.html")


@pages.get("/events/{event_id}")
def event_page(request: Request, event_id: str):
    services = request.app.state.services
    try:
        services.ledger.event(event_id)
        status = 200
    except NotFoundError:
        status = 404  # the page still loads, and says so from its JSON twin
    return _page(services.static, "event.html", status)


@pages.get("/{name}")
def root_file(request: Request, name: str):
    """A file the dashboard build put at its root (favicon, basemap), never a path outside it."""
    static = request.app.state.services.static
    path = static / name
    if "." not in name or name.startswith(".") or not path.is_file():
        raise HTTPException(404, "Not Found")
    return FileResponse(path)


def _page(static: Path, name: str, status: int = 200):
    index = static / "index.html"
    if not index.is_file():
        return JSONResponse({"detail": BUILD_HINT}, status_code=503)
    page = static / name
    return FileResponse(page if page.is_file() else index, status_code=status, headers={"Cache-Control": "no-cache"})


class Assets(StaticFiles):
    """`/assets`, or the build hint while the dashboard is not built."""

    async def __call__(self, scope, receive, send):
        if not Path(self.directory).is_dir():
            return await JSONResponse({"detail": BUILD_HINT}, status_code=503)(scope, receive, send)
        await super().__call__(scope, receive, send)


class SecurityHeaders:
    """The CSP and companions on every response, errors included. Plain ASGI rather than
    BaseHTTPMiddleware: no task per request, and streamed exports pass through untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = CSP
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
            await send(message)

        await self.app(scope, receive, send_with_headers)
