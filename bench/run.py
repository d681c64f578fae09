"""The union-query benchmark: the real app against the raw-SQL floor, as real servers, under wrk.

    python -m bench.run [--duration 10] [--rounds 2] [--database sqlite|postgres]

Seeds 1,000 tasks × 3 tags × 2 reminders for one user (and a second database with 100,000 tasks), starts
`taskapi serve` and the floor (bench/floor.py) as real servers, drives them alternately with wrk at
concurrency 16 for first=20 and first=100, and prints req/s, p50, p99, server RSS and the app/floor ratio;
then the latency ratio of the page after row 90,000 to the first page on the 100,000-task database.
Needs wrk (Debian package `wrk`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx

from api.pagination import encode_cursor
from bench.seed import BENCH_TOKEN, seed

ROOT = Path(__file__).resolve().parent.parent
UNION_QUERY = """query Union($first: Int!, $after: String) {
  tasks(first: $first, after: $after) {
    edges { cursor node { id title priority dueAt completed tags { id name color } reminders { id dueAt status } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
CONCURRENCY = 16


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def env_for(database_url: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url, "DISPATCHER": "0", "LOG_LEVEL": "warning"}


class Server:
    def __init__(self, name: str, args: list[str], database_url: str) -> None:
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/graphql"
        self.log = tempfile.NamedTemporaryFile("w+", prefix=f"bench-{name}-", suffix=".log", delete=False)
        self.process = subprocess.Popen(
            [sys.executable, *args, "--port", str(self.port)],
            env=env_for(database_url), cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, text=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.post(self.url, json={}, timeout=1)
                break
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start: {Path(self.log.name).read_text()}")
                time.sleep(0.1)

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=15)


def app_server(database_url: str) -> Server:
    return Server("app", ["-m", "api.cli", "serve"], database_url)


def floor_server(database_url: str) -> Server:
    return Server("floor", ["-m", "uvicorn", "bench.floor:app", "--log-level", "warning", "--no-access-log"], database_url)


def body(first: int, after: str | None = None) -> str:
    return json.dumps({"query": UNION_QUERY, "variables": {"first": first, "after": after}})


def post(url: str, first: int, after: str | None = None) -> bytes:
    response = httpx.post(
        url, content=body(first, after), timeout=30,
        headers={"Authorization": f"Bearer {BENCH_TOKEN}", "content-type": "application/json"},
    )
    response.raise_for_status()
    return response.content


@dataclass
class Run:
    rps: float
    p50_ms: float
    p99_ms: float


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url: str, first: int, duration: float, after: str | None = None) -> Run:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            'wrk.method = "POST"\n'
            'wrk.headers["Content-Type"] = "application/json"\n'
            f'wrk.headers["Authorization"] = "Bearer {BENCH_TOKEN}"\n'
            f"wrk.body = {json.dumps(body(first, after))}\n"
        )
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{max(1, round(duration))}s", "--latency", "-s", script.name, url],
        capture_output=True, text=True, check=True,
    ).stdout
    os.unlink(script.name)
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    return Run(rps, p50, p99)


def prepare(database_url: str, tasks: int) -> None:
    from tests.support.server import fresh_database

    asyncio.run(fresh_database(database_url))
    subprocess.run([sys.executable, "-m", "api.cli", "migrate"], env=env_for(database_url), cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    seed(database_url, tasks)


def deep_cursor(database_url: str, row: int) -> str:
    """The cursor of the `row`-th task in the default order (newest first)."""
    if database_url.startswith("sqlite://"):
        import sqlite3

        conn = sqlite3.connect(database_url.removeprefix("sqlite://"))
        created, pk = conn.execute(
            "SELECT created_at, id FROM task ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ?", (row - 1,)
        ).fetchone()
        conn.close()
        return encode_cursor(datetime.fromisoformat(created), pk)

    import asyncpg

    async def read():
        conn = await asyncpg.connect("postgresql://" + database_url.split("://", 1)[1])
        try:
            return await conn.fetchrow("SELECT created_at, id FROM task ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET $1", row - 1)
        finally:
            await conn.close()

    record = asyncio.run(read())
    return encode_cursor(record["created_at"], record["id"])


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds per page size")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432", help="server for --database postgres")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install -y wrk", file=sys.stderr)
        return 1

    folder = tempfile.mkdtemp(prefix="taskapi-bench-")
    if args.database == "sqlite":
        small, deep = f"sqlite://{folder}/bench.db", f"sqlite://{folder}/deep.db"
    else:
        small, deep = f"{args.postgres_url}/taskapi_bench", f"{args.postgres_url}/taskapi_bench_deep"
    print(f"seeding 1,000 and 100,000 tasks on {args.database} …", flush=True)
    prepare(small, 1_000)
    prepare(deep, 100_000)

    app, floor = app_server(small), floor_server(small)
    lines = [f"Machine: {machine()}; database: {args.database}; wrk concurrency {CONCURRENCY}, "
             f"{args.rounds} × {args.duration:g} s per server and page size, alternating.", ""]
    try:
        for first in (20, 100):
            a, f = post(app.url, first), post(floor.url, first)
            if a != f:
                raise SystemExit(f"app and floor answers differ for first={first}:\n{a[:300]!r}\n{f[:300]!r}")
        lines += ["| first | server | req/s | p50 ms | p99 ms | RSS MB | app/floor |", "|---|---|---|---|---|---|---|"]
        for first in (20, 100):
            wrk(app.url, first, 2), wrk(floor.url, first, 2)  # warm up
            runs: dict[str, list[Run]] = {"app": [], "floor": []}
            for _ in range(args.rounds):
                runs["app"].append(wrk(app.url, first, args.duration))
                runs["floor"].append(wrk(floor.url, first, args.duration))
            rps = {k: statistics.median(r.rps for r in v) for k, v in runs.items()}
            for name, server in (("app", app), ("floor", floor)):
                p50 = statistics.median(r.p50_ms for r in runs[name])
                p99 = statistics.median(r.p99_ms for r in runs[name])
                ratio = f"{rps['app'] / rps['floor']:.3f}" if name == "app" else ""
                lines.append(f"| {first} | {name} | {rps[name]:.0f} | {p50:.1f} | {p99:.1f} | {server.rss_mb():.0f} | {ratio} |")
            print("\n".join(lines[-2:]), flush=True)
    finally:
        app.stop()
        floor.stop()

    deep_app = app_server(deep)
    try:
        cursor = deep_cursor(deep, 90_000)
        post(deep_app.url, 20, cursor)
        wrk(deep_app.url, 20, 2)
        first_page = wrk(deep_app.url, 20, args.duration / 2)
        deep_page = wrk(deep_app.url, 20, args.duration / 2, after=cursor)
        lines += ["", "| 100,000 tasks, first=20 | req/s | p50 ms | p99 ms |", "|---|---|---|---|",
                  f"| first page | {first_page.rps:.0f} | {first_page.p50_ms:.1f} | {first_page.p99_ms:.1f} |",
                  f"| page after row 90,000 | {deep_page.rps:.0f} | {deep_page.p50_ms:.1f} | {deep_page.p99_ms:.1f} |",
                  "", f"Deep page / first page latency (p50): {deep_page.p50_ms / first_page.p50_ms:.2f}; "
                  f"app RSS {deep_app.rss_mb():.0f} MB"]
    finally:
        deep_app.stop()
    report = "\n".join(lines)
    print("\n" + report)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "union.md").write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
