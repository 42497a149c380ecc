"""``python -m app``: serve Gradient Lens with uvicorn; HOST, PORT and WORKERS come from the env."""

import uvicorn

from app.middleware.body_limit import MAX_BODY_BYTES
from app.middleware.request_log import configure_access_log
from app.settings import Settings


def main() -> None:
    settings = Settings.from_environment()
    configure_access_log(settings.log_level)
    uvicorn.run(
        "app.main:app",
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        server_header=False,
        access_log=False,  # our own JSON access log has the request id
        timeout_graceful_shutdown=10,  # SIGTERM: finish in-flight requests, then exit
        ws_max_size=MAX_BODY_BYTES,  # a live-feed message is a query: refused before it is read
    )


if __name__ == "__main__":
    main()
