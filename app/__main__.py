"""``python -m app``: serve Gradient Lens with uvicorn, configured from the environment
(app/settings.py)."""

import uvicorn

from app.middleware.body_limit import MAX_BODY_BYTES
from app.middleware.query_limit import MAX_REQUEST_HEAD_BYTES
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
        root_path=settings.root_path,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # Request heads up to this size reach the app, which refuses a query string over its
        # own limit with a JSON 414 (app/middleware/query_limit.py); larger ones uvicorn
        # refuses itself with a plain 400.
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,
    )


if __name__ == "__main__":
    main()
