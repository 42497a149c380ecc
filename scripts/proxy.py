"""Gradient Lens behind real nginx: N uvicorn replicas on loopback, round-robin, under a path
prefix, as a university's web team would run it (docs/deploy.md).

    python -m scripts.proxy --replicas 2 --prefix /course/lens

prints the address and serves until Ctrl-C. The tests and ``scripts.load_test --kill-replica``
use ``Deployment`` directly. nginx runs in the foreground with a configuration of its own in a
temporary folder (pid, logs and temp paths there too): nothing of the machine's nginx is used.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from scripts.serving import free_port, wait_until_up

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
ROOT = Path(__file__).resolve().parents[1]

# Request lines up to the app's own limit (app/middleware/query_limit.py) reach the app, which
# answers 414 with its JSON; longer ones nginx refuses itself, as uvicorn does when direct.
CONFIG = """
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    {access_log}
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    large_client_header_buffers 4 {header_buffer};
    upstream lens {{
        {servers}
        keepalive 16;
    }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" ""; }}
    server {{
        listen 127.0.0.1:{port};
        location {prefix}/ {{
            proxy_pass http://lens/;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_next_upstream error timeout http_502 http_503 http_504;
            proxy_next_upstream_tries 2;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


@dataclass
class Deployment:
    """nginx in front of ``replicas`` uvicorn processes; ``url`` ends with the prefix."""

    replicas: int = 2
    prefix: str = "/course/lens"
    header_buffer: str = "1m"  # as MAX_REQUEST_HEAD_BYTES: the same answer as without nginx
    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="lens-proxy-")))
    apps: list[subprocess.Popen] = field(default_factory=list)
    nginx: subprocess.Popen | None = None
    port: int = 0
    log_upstreams: bool = False  # each request's upstream in upstreams.log (which replica served)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def start(self) -> Deployment:
        ports = [free_port() for _ in range(self.replicas)]
        environment = {
            **os.environ,
            "HOST": "127.0.0.1",
            "LOG_LEVEL": "warning",
            "ROOT_PATH": self.prefix,
            "FORWARDED_ALLOW_IPS": "127.0.0.1",
        }
        for port in ports:
            self.apps.append(
                subprocess.Popen(
                    [sys.executable, "-m", "app"], cwd=ROOT, env={**environment, "PORT": str(port)}
                )
            )
        for port, process in zip(ports, self.apps, strict=True):
            wait_until_up(f"http://127.0.0.1:{port}/healthz", process)
        self.port = free_port()
        for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.folder / name).mkdir(exist_ok=True)
        config = self.folder / "nginx.conf"
        config.write_text(
            CONFIG.format(
                folder=self.folder,
                port=self.port,
                prefix=self.prefix,
                header_buffer=self.header_buffer,
                access_log=(
                    "log_format upstreams '$request_method $request_uri $upstream_addr';"
                    f" access_log {self.folder}/upstreams.log upstreams;"
                    if self.log_upstreams
                    else "access_log off;"
                ),
                servers="\n        ".join(f"server 127.0.0.1:{p};" for p in ports),
            )
        )
        self.nginx = subprocess.Popen(
            [NGINX, "-c", str(config), "-p", str(self.folder), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        wait_until_up(f"{self.url}/healthz", self.nginx)
        return self

    def kill_replica(self, index: int = 0, hard: bool = False) -> None:
        """Stop a replica as an orchestrator does (SIGTERM: it finishes the requests it holds
        and takes no more, and nginx sends the rest to the other), or with ``hard`` at once
        (SIGKILL): then a response already half sent to a client is cut off, which no proxy
        can mend."""
        self.apps[index].send_signal(signal.SIGKILL if hard else signal.SIGTERM)
        self.apps[index].wait(timeout=20)

    def stop(self) -> None:
        for process in [*self.apps, *([self.nginx] if self.nginx else [])]:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--prefix", default="/course/lens")
    args = parser.parse_args()
    with Deployment(args.replicas, args.prefix) as deployment:
        print(f"serving {deployment.url}/ through nginx, {args.replicas} replicas; Ctrl-C stops")
        with urllib.request.urlopen(f"{deployment.url}/healthz", timeout=5) as response:
            assert response.status == 200
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
