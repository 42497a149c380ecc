"""``/healthz``: liveness for load balancers, Docker's HEALTHCHECK and the test server fixture."""

from fastapi import APIRouter

from app.api.errors import TOO_LONG

router = APIRouter(tags=["health"], responses=TOO_LONG)


@router.get("/healthz", summary="Liveness check")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
