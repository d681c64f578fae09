"""Fixtures for the HTTP layer's tests: Node client scripts, and a separately configured server process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.server import free_port

ROOT = Path(__file__).resolve().parents[2]
JS_DIR = ROOT / "tests" / "js"
CHROMIUM = Path("/usr/bin/chromium")
SUMMARY = pytest.StashKey[list[str]]()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Lines the HTTP tests asked to show after the run (e.g. the graphql-http audit counts)."""
    for line in config.stash.get(SUMMARY, []):
        terminalreporter.write_line(line)


@pytest.fixture
def summary(request) -> list[str]:
    """Append a line here to have it printed in the run's terminal summary."""
    return request.config.stash.setdefault(SUMMARY, [])


def _require_node_modules() -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js is missing: install Node 20 or newer (`apt-get install -y nodejs npm`).")
    if not (JS_DIR / "node_modules").is_dir():
        pytest.fail("tests/js/node_modules is missing: run `npm ci --prefix tests/js` first.")


@pytest.fixture(scope="session")
def node() -> Callable[..., dict[str, Any]]:
    """Runs a script from tests/js with a JSON config on stdin and returns the JSON object it prints."""
    _require_node_modules()

    def run(script: str, config: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
        completed = subprocess.run(
            ["node", str(JS_DIR / script)],
            input=json.dumps(config),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=JS_DIR,
        )
        lines = completed.stdout.strip().splitlines()
        assert lines, f"{script} printed nothing (exit {completed.returncode}): {completed.stderr}"
        result = json.loads(lines[-1])
        assert completed.returncode == 0 and "fatal" not in result, result.get("fatal", completed.stderr)
        return result

    return run


@pytest.fixture(scope="session")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing at /usr/bin/chromium: run `apt-get install -y chromium`.")
    return CHROMIUM


class ServerProcess:
    """`taskapi serve` in a child process with extra environment settings, on the tests' database."""

    def __init__(self, database_url: str, env: dict[str, str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": database_url,
            "DISPATCHER": "0",
            "LOG_LEVEL": "warning",
            **env,
        }
        self.output = tempfile.TemporaryFile(mode="w+")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)],
            cwd=ROOT,
            env=environ,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def read_output(self) -> str:
        self.output.seek(0)
        return self.output.read()

    def wait_until_up(self, timeout: float = 30) -> "ServerProcess":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.read_output()}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not start in time: {self.read_output()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.output.close()


@pytest.fixture(scope="session")
def serve_process(database_url: str, live_server) -> Iterator[Callable[..., ServerProcess]]:
    """Starts `taskapi serve` with extra settings; every server started is stopped at the end of the session."""
    started: list[ServerProcess] = []

    def start(**env: str) -> ServerProcess:
        server = ServerProcess(database_url, env).wait_until_up()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
