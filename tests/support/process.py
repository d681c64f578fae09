"""The real `taskapi` command in a subprocess: for module subsets and settings that differ from the suite's."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[2]


def taskapi(*args: str, env: dict[str, str] | None = None, check: bool = True, timeout: float = 120):
    """Run `taskapi ARGS` (as `python -m api.cli`) with this checkout's code."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    result = subprocess.run(
        [sys.executable, "-m", "api.cli", *args], env=full_env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise AssertionError(f"taskapi {' '.join(args)} failed: {result.stderr}")
    return result


@dataclass
class ServedApp:
    url: str
    token: str
    process: subprocess.Popen

    def post(self, query: str, variables: dict | None = None) -> httpx.Response:
        return httpx.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )


@contextlib.contextmanager
def served(env: dict[str, str]) -> Iterator[ServedApp]:
    """`taskapi serve` on a fresh SQLite database with `env` on top, and a token for a new user."""
    folder = tempfile.mkdtemp(prefix="taskapi-served-")
    env = {"DATABASE_URL": f"sqlite://{folder}/app.db", "DISPATCHER": "0", **env}
    token = taskapi("token", "create", "--user", "someone", env=env).stdout.strip()
    port = free_port()
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env=full_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"taskapi serve did not start: {process.stdout.read() if process.stdout else ''}")
            time.sleep(0.1)
        yield ServedApp(url=url, token=token, process=process)
    finally:
        process.terminate()
        process.wait(timeout=15)
