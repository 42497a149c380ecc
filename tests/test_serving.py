"""Production serving: body limit, request ids and JSON access log, cache validators,
graceful shutdown (open live sockets included), and a Dockerfile that hadolint accepts."""

import json
import logging
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from app.middleware.body_limit import MAX_BODY_BYTES
from scripts.serving import wait_until_up
from tests.conftest import ROOT, free_port


def test_oversized_bodies_are_413(client):
    big = {"f": "x", "x": [1.0] * 20_000}
    response = client.post("/api/v1/scalar", json=big)
    assert len(json.dumps(big)) > MAX_BODY_BYTES
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


def test_chunked_oversized_bodies_are_413(client):
    def chunks():
        for _ in range(100):
            yield b" " * 1024

    response = client.post(
        "/api/v1/scalar", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_request_id_header_and_json_access_log(client, caplog):
    with caplog.at_level(logging.INFO, logger="gradient_lens.access"):
        response = client.get("/api/v1/scalar", headers={"X-Request-ID": "trace-42"})
        generated = client.get("/healthz").headers["x-request-id"]
    assert response.headers["x-request-id"] == "trace-42"
    assert len(generated) == 16
    records = [r for r in caplog.records if r.name == "gradient_lens.access"]
    fields = records[0].fields
    assert fields["request_id"] == "trace-42"
    assert fields["status"] == 200 and fields["path"] == "/api/v1/scalar"
    assert fields["duration_ms"] >= 0
    assert client.get("/healthz", headers={"X-Request-ID": "bad id!"}).headers["x-request-id"] != (
        "bad id!"
    )


@pytest.mark.parametrize("path", ["/api/v1/scalar?f=tanh(x)", "/scalar", "/model/live"])
def test_etag_and_cache_control(client, path):
    first = client.get(path)
    assert first.headers["cache-control"] == "public, max-age=600"
    etag = first.headers["etag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(path).headers["etag"] == etag  # same URL, same numbers


def test_healthz_is_not_cached_and_errors_carry_no_validators(client):
    assert client.get("/healthz").headers["cache-control"] == "no-store"
    assert "etag" not in client.get("/api/v1/scalar?f=x)").headers


def test_graceful_shutdown_on_sigterm():
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "info"}
    process = subprocess.Popen(
        [sys.executable, "-m", "app"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
    with pytest.raises(InvalidStatus) as refused:  # a page of another site
        connect(f"ws://127.0.0.1:{port}/scalar/live", origin="https://elsewhere.example")
    assert refused.value.response.status_code == 403
    with connect(f"ws://127.0.0.1:{port}/scalar/live") as live_socket:  # a reader mid-edit
        live_socket.send("f=x&x=1")
        assert json.loads(live_socket.recv(timeout=10))["error"] is None
        process.send_signal(signal.SIGTERM)
        with pytest.raises(ConnectionClosed) as closed:
            live_socket.recv(timeout=10)
    assert closed.value.rcvd.code == 1012  # "service restart": the page falls back to GET
    _, errors = process.communicate(timeout=20)
    # uvicorn drains, then re-raises the signal it caught, so the exit status reports SIGTERM;
    # the log shows the orderly part.
    assert process.returncode in (0, -signal.SIGTERM)
    assert "Shutting down" in errors
    assert "Application shutdown complete" in errors
    assert "Finished server process" in errors
    log_lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    assert any(line.get("path") == "/healthz" and line.get("status") == 200 for line in log_lines)
    assert [line["path"] for line in log_lines if line["event"] == "live message"] == [
        "/scalar/live"
    ]
    [refusal] = [line for line in log_lines if line["event"] == "websocket refused"]
    assert refusal["path"] == "/scalar/live" and refusal["status"] == 403
    plain_text = ("WebSocket", "connection open", "connection rejected")
    assert not any(words in errors for words in plain_text)  # uvicorn's, filtered


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run(
        [hadolint, "--failure-threshold", "warning", str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    text = (ROOT / "Dockerfile").read_text()
    assert "USER lens" in text and "HEALTHCHECK" in text and "/healthz" in text
