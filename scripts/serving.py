"""Starting the real server for tests and scripts: a free loopback port, and waiting until a
health check answers (or the process has died)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(health_url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    """Return once ``health_url`` answers 200; raise if ``process`` exits or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(health_url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"nothing answered at {health_url}")
        time.sleep(0.1)


def start_app(**environment: str) -> tuple[subprocess.Popen, str]:
    """``python -m app`` on a free loopback port; the process and its address."""
    port = free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "LOG_LEVEL": "warning"}
    process = subprocess.Popen([sys.executable, "-m", "app"], cwd=ROOT, env={**env, **environment})
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/healthz", process)
    return process, url
