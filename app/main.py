"""The FastAPI application: routers, static files and middleware. Nothing else lives here."""

import contextlib
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles

from app.api import batches, health, model, network, scalar
from app.api.errors import validation_error_handler
from app.lti import routes as lti_routes
from app.lti.tool import csp_sources as lti_csp_sources
from app.middleware.body_limit import BodyLimitMiddleware
from app.middleware.caching import CachingMiddleware
from app.middleware.compression import CompressionMiddleware
from app.middleware.query_limit import QueryLimitMiddleware
from app.middleware.request_log import RequestLogMiddleware
from app.middleware.response_cache import ResponseCacheMiddleware
from app.middleware.security import SecurityHeadersMiddleware
from app.web import assets, docs, theme
from app.web.live import routes as live_routes
from app.web.pages import explainer, explorers
from app.web.sharing import code_routes, downloads, embeds, images, oembed

DESCRIPTION = """
Gradient Lens computes, exactly, the two quantities that mini-batch SGD is so often confused
about: the **mean of the per-example gradients** (what the gradient of the mean loss is) and
the **gradient at the mean input** (what "average first, backpropagate once" computes).

Every HTML page has a JSON twin here that takes the same query parameters:
`/scalar?f=sigmoid(x)&x=0,1` ↔ `/api/v1/scalar?f=sigmoid(x)&x=0,1`.

Bad input answers **422** in FastAPI's error shape; a parse error carries the 1-based
`ctx.column`. Non-finite results are `null`, with a warning naming the point.
"""


def operation_id(route: APIRoute) -> str:
    """The route function's own name ("scalar_from_query"): what a generated client calls it."""
    return route.name


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    assets.compress_plotly_ahead()
    yield


def create_app() -> FastAPI:
    app = FastAPI(
        lifespan=lifespan,
        generate_unique_id_function=operation_id,
        title="Gradient Lens API",
        version="1.0.0",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    # Added innermost first. A request meets the access log, the query and body limits, the security
    # headers, the cache validators, the response cache and compression (Brotli or gzip), in that
    # order; ETags are therefore per encoding, which "Vary: Accept-Encoding" makes correct.
    app.add_middleware(CompressionMiddleware, minimum_size=1024, compresslevel=6)
    app.add_middleware(ResponseCacheMiddleware)
    app.add_middleware(CachingMiddleware)
    app.add_middleware(
        SecurityHeadersMiddleware,
        inline_scripts=theme.INLINE_SCRIPTS,
        lti_sources=lti_csp_sources,
    )
    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(QueryLimitMiddleware)
    app.add_middleware(RequestLogMiddleware)
    app.include_router(health.router)
    app.include_router(scalar.router)
    app.include_router(model.router)
    app.include_router(network.router)
    app.include_router(batches.router)
    app.include_router(code_routes.api_router)
    app.include_router(explainer.router)
    app.include_router(explorers.router)
    app.include_router(live_routes.router)
    app.include_router(embeds.router)
    app.include_router(downloads.router)
    app.include_router(images.router)
    app.include_router(oembed.router)
    app.include_router(code_routes.router)
    app.include_router(docs.router)
    app.include_router(assets.router)
    app.include_router(lti_routes.router)
    app.mount("/static", StaticFiles(directory=assets.STATIC_DIR), name="static")
    return app


app = create_app()
