"""Safety limits: depth, aliases, tokens, body size, suggestions, and masking of unexpected errors."""

from __future__ import annotations

import logging

import httpx
import strawberry

from api.schema import MaskUnexpectedErrors
from tests.support.process import served


def test_query_deeper_than_the_limit_is_rejected():
    # given: the app served with MAX_DEPTH=2
    with served({"MAX_DEPTH": "2"}) as app:
        # when
        at_limit = app.post("{ tasks { edges { cursor } } }").json()
        too_deep = app.post("{ tasks { edges { node { id } } } }").json()

    # then
    assert "errors" not in at_limit
    assert "exceeds maximum operation depth of 2" in too_deep["errors"][0]["message"]
    assert too_deep["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


def test_five_hundred_aliases_are_rejected(gql):
    query = "{ " + " ".join(f"a{i}: __typename" for i in range(500)) + " }"
    errors = gql.errors(query)
    assert "aliases" in errors[0]["message"].lower()
    assert errors[0]["extensions"]["code"] == "TOO_MANY_ALIASES"


def test_too_many_tokens_are_rejected(gql, settings):
    query = "{ " + " ".join("viewer { id name createdAt }" for _ in range(settings.max_tokens // 4)) + " }"
    errors = gql.errors(query)
    assert "token" in errors[0]["message"].lower()
    assert errors[0]["extensions"]["code"] == "QUERY_TOO_LARGE"


def test_first_1000_is_rejected(gql):
    errors = gql.errors("{ tasks(first: 1000) { edges { node { id } } } }")
    assert errors[0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_request_body_over_the_cap_is_refused(live_server, alice, settings):
    body = '{"query": "{ viewer { id } }", "variables": {"pad": "' + "x" * (settings.max_body_bytes + 10) + '"}}'
    response = httpx.post(
        f"{live_server.url}/graphql",
        content=body,
        headers={"Authorization": f"Bearer {alice.token}", "content-type": "application/json"},
    )
    assert response.status_code == 413


def test_validation_errors_stay_readable_without_suggestions(gql):
    errors = gql.errors("{ taks { totalCount } }")
    message = errors[0]["message"]
    assert "Cannot query field 'taks' on type 'Query'" in message
    assert "Did you mean" not in message


def test_unexpected_exceptions_are_masked_and_logged_with_an_id(caplog):
    # given: a schema whose resolver fails unexpectedly, served with the product's masking extension
    @strawberry.type
    class Query:
        @strawberry.field
        def broken(self) -> int:
            raise RuntimeError("secret internals")

        @strawberry.field
        def fine(self) -> int:
            return 1

    schema = strawberry.Schema(query=Query, extensions=[MaskUnexpectedErrors])

    # when
    with caplog.at_level(logging.ERROR, logger="taskapi.errors"):
        result = schema.execute_sync("{ broken fine }")

    # then
    error = result.errors[0]
    assert "secret internals" not in error.message
    error_id = error.extensions["errorId"]
    assert error.message == f"Unexpected error. Reference: {error_id}"
    assert error.extensions["code"] == "INTERNAL_SERVER_ERROR"
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)
    assert result.data is None  # `broken` is non-null, so the error nulls the whole result


def test_an_unreachable_database_is_a_masked_500_with_an_error_id_and_health_says_so(tmp_path):
    # given: the app served against a PostgreSQL port where nothing listens
    import os
    import subprocess
    import sys
    import time

    from tests.support.process import ROOT
    from tests.support.server import free_port

    port = free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": f"postgres://nobody@127.0.0.1:{free_port()}/none",
           "DISPATCHER": "0"}
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app", "--port", str(port)],
            env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.1)

        # when
        response = httpx.post(
            f"http://127.0.0.1:{port}/graphql",
            json={"query": "{ viewer { name } }"},
            headers={"Authorization": "Bearer tk_whatever"},
            timeout=10,
        )
    finally:
        process.terminate()
        process.wait(timeout=15)

    # then
    assert health.status_code == 503
    assert response.status_code == 500
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert error["message"] == f"Unexpected error. Reference: {error['extensions']['errorId']}"
    assert "Connection refused" not in response.text
    assert f"unexpected error {error['extensions']['errorId']}" in log.read_text()
