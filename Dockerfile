# Gradient Lens: a slim image that serves the app with uvicorn as a non-root user.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HOST=0.0.0.0 \
    PORT=8000

WORKDIR /srv/gradient-lens
RUN useradd --create-home --uid 10001 lens
# The LTI tool's SQLite database and development key (docs/lms.md), where the user may write.
ENV LTI_DATA_DIR=/home/lens/lti
COPY pyproject.toml README.md ./
COPY app ./app
COPY templates ./templates
COPY static ./static
RUN pip install --no-cache-dir --editable ".[postgres]"

USER lens
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
  CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"]
# python -m app reads HOST, PORT, WORKERS, ROOT_PATH and FORWARDED_ALLOW_IPS (docs/deploy.md).
CMD ["python", "-m", "app"]
