"""`create_app(db)`: the ASGI application of `newswire serve`.

The corpus is opened read-only once; the spaCy model for /extract is loaded on
first use. Nothing is fetched from outside: the stylesheet and the one small
script are served from the package, charts are SVG drawn on the server, and the API docs (/docs, /redoc)
load Swagger UI and ReDoc from the fastapi-offline package."""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi_offline import FastAPIOffline
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import NewswireError
from . import api, pages
from .queries import Reader

MAX_BODY = 2_000_000  # bytes: a long article as HTML is ~300 kB


def create_app(db: str | Path, max_body: int = MAX_BODY, nlp_loader=None) -> FastAPI:
    """The app over the corpus database `db` (opened read-only). `nlp_loader()` gives the
    spaCy pipeline for /extract (default: `newswire.load_model`, on first use)."""
    reader = Reader(db)
    @asynccontextmanager
    async def lifespan(app):
        yield
        reader.close()

    # /docs and /redoc from the assets of the fastapi-offline package, not a CDN
    app = FastAPIOffline(title="newswire", version=__version__, lifespan=lifespan,
                  description="Who said what, and who did what to whom, when and where: "
                              "the events, quotes and articles of one newswire corpus.")
    app.state.reader = reader
    app.state.max_body = max_body
    app.state.extract = api.extractor(nlp_loader or _default_model)
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")

    @app.exception_handler(NewswireError)
    async def newswire_error(request: Request, exc: NewswireError):
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api") or exc.status_code not in (404, 405):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        view = pages.View(request, "")
        return view.render("message.html", exc.status_code, title="Not found",
                           message=f"There is no page at {request.url.path}.")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError):
        return JSONResponse({"detail": [{k: (list(v) if k == "loc" else v) for k, v in e.items()
                                         if k in ("loc", "msg", "type")} for e in exc.errors()]},
                            status_code=422)

    return app


def _default_model():
    from ..pipeline.extract import load_model

    return load_model()
