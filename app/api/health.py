"""``/healthz``: liveness for load balancers, Docker's HEALTHCHECK and the test server fixture."""

from fastapi import APIRouter

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness check")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}
