"""``python -m app``: serve Gradient Lens with uvicorn; HOST, PORT and WORKERS come from the env."""

import uvicorn

from app.settings import Settings


def main() -> None:
    settings = Settings.from_environment()
    uvicorn.run(
        "app.main:app",
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        server_header=False,
    )


if __name__ == "__main__":
    main()
