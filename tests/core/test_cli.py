"""The `taskapi` command line, run as a user would."""

from __future__ import annotations

import re
import tempfile

import httpx

from tests.support.process import served, taskapi


def fresh_sqlite() -> str:
    return f"sqlite://{tempfile.mkdtemp(prefix='taskapi-cli-')}/cli.db"


def test_token_create_on_a_fresh_database_prints_only_the_token():
    # when
    result = taskapi("token", "create", "--user", "carol", env={"DATABASE_URL": fresh_sqlite()})

    # then
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert re.fullmatch(r"tk_[A-Za-z0-9_-]{43}", lines[0])


def test_each_token_is_new_and_the_user_is_reused():
    url = fresh_sqlite()
    first = taskapi("token", "create", "--user", "dave", env={"DATABASE_URL": url}).stdout.strip()
    second = taskapi("token", "create", "--user", "dave", env={"DATABASE_URL": url}).stdout.strip()
    assert first != second
    listing = taskapi("token", "list", "--user", "dave", env={"DATABASE_URL": url}).stdout.splitlines()
    assert [line.split("\t")[0] for line in listing] == [first[:10] + "…", second[:10] + "…"]


def test_revoked_token_stops_working():
    with served({}) as app:
        assert app.post("{ viewer { name } }").status_code == 200
        env = {"DATABASE_URL": _database_of(app)}
        assert taskapi("token", "revoke", app.token[:10], env=env).stdout.strip() == "revoked 1 token(s)"
        assert app.post("{ viewer { name } }").status_code == 401


def _database_of(app) -> str:
    for line in open(f"/proc/{app.process.pid}/environ", "rb").read().split(b"\0"):
        if line.startswith(b"DATABASE_URL="):
            return line.split(b"=", 1)[1].decode()
    raise AssertionError("the served app has no DATABASE_URL")


def test_command_line_errors_are_one_line_and_non_zero():
    cases = [
        (["token", "create", "--user", "   "], {}, "taskapi: error: a user name is 1 to 100 characters"),
        (["export-schema", "--stdout"], {"MODULES": "tasks,nope"}, "taskapi: error: unknown module 'nope'"),
        (["migrate"], {"MAX_DEPTH": "deep"}, "taskapi: error: MAX_DEPTH:"),
        (["token", "revoke", "tk_nothing"], {}, "taskapi: error: no live token starts with 'tk_nothing'"),
    ]
    for args, env, start in cases:
        result = taskapi(*args, env={"DATABASE_URL": fresh_sqlite(), **env}, check=False)
        assert result.returncode == 1, args
        assert result.stderr.startswith(start), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_serve_on_first_start_prints_a_ready_header_and_health_is_ok():
    url = fresh_sqlite()
    import os
    import subprocess
    import sys
    import time

    from tests.support.process import ROOT
    from tests.support.server import free_port

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env={**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url, "DISPATCHER": "0"},
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        header = None
        deadline = time.monotonic() + 30
        while header is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            match = re.search(r'\{"Authorization": "Bearer (tk_[^"]+)"\}', line)
            header = match.group(1) if match else None
        assert header, "serve printed no ready-to-paste header"
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ viewer { name } }"},
            headers={"Authorization": f"Bearer {header}"},
        )
        assert response.json() == {"data": {"viewer": {"name": "local"}}}
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_check_passes_on_a_clean_checkout():
    result = taskapi("check", check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok: import contracts hold and schema.graphql is current"


def test_check_reports_breaking_changes_unless_allowed(tmp_path):
    # given: a "committed" schema that still has a field the code no longer serves
    current = taskapi("export-schema", "--stdout").stdout
    committed = tmp_path / "schema.graphql"
    committed.write_text(current.replace("type Task implements Node {", "type Task implements Node {\n  legacy: Int\n", 1))

    # when
    strict = taskapi("check", "--against", str(committed), check=False)
    allowed = taskapi("check", "--against", str(committed), "--allow-breaking", check=False)

    # then
    assert strict.returncode == 1
    assert "breaking change: Field Task.legacy was removed." in strict.stderr
    assert allowed.returncode == 1 and "breaking change" not in allowed.stderr
    assert "is out of date" in allowed.stderr
