"""CORS: only the configured origins may call the API from a browser; preflights allow Authorization."""

import httpx
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

ALLOWED_ORIGIN = "http://app.example"
OTHER_ORIGIN = "http://elsewhere.example"
VIEWER_QUERY = "{ viewer { name } }"


@pytest.fixture(scope="module")
def cors_server(serve_process):
    return serve_process(CORS_ORIGINS=f"{ALLOWED_ORIGIN}, http://admin.example")


def preflight(url, origin):
    return httpx.options(
        f"{url}/graphql",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )


def test_a_preflight_from_an_allowed_origin_allows_authorization_and_content_type(cors_server):
    # when
    response = preflight(cors_server.url, ALLOWED_ORIGIN)

    # then
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    allowed_headers = {h.strip().lower() for h in response.headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type"} <= allowed_headers
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["access-control-allow-methods"].split(",")}


def test_a_preflight_from_another_origin_is_refused(cors_server):
    # when
    response = preflight(cors_server.url, OTHER_ORIGIN)

    # then
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_no_origin_is_allowed_by_default(live_server):
    # when
    response = preflight(live_server.url, ALLOWED_ORIGIN)

    # then
    assert response.status_code == 400
    assert "access-control-allow-origin" not in response.headers


def test_responses_to_an_allowed_origin_are_readable_by_the_page(cors_server, alice):
    # when
    response = httpx.post(
        f"{cors_server.url}/graphql",
        json={"query": VIEWER_QUERY},
        headers={"Origin": ALLOWED_ORIGIN, "Authorization": f"Bearer {alice.token}"},
    )

    # then
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert response.json() == {"data": {"viewer": {"name": alice.name}}}


def test_an_authentication_failure_is_readable_by_an_allowed_origin(cors_server):
    # when
    response = httpx.post(f"{cors_server.url}/graphql", json={"query": VIEWER_QUERY}, headers={"Origin": ALLOWED_ORIGIN})

    # then
    assert response.status_code == 401
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_responses_to_another_origin_carry_no_cors_header(cors_server, alice):
    # when
    response = httpx.post(
        f"{cors_server.url}/graphql",
        json={"query": VIEWER_QUERY},
        headers={"Origin": OTHER_ORIGIN, "Authorization": f"Bearer {alice.token}"},
    )

    # then
    assert "access-control-allow-origin" not in response.headers


def test_a_websocket_from_an_allowed_origin_connects(cors_server):
    # when
    with connect(
        cors_server.url.replace("http", "ws") + "/graphql", origin=ALLOWED_ORIGIN, subprotocols=["graphql-transport-ws"]
    ) as socket:
        # then
        assert socket.subprotocol == "graphql-transport-ws"


def test_a_websocket_from_another_origin_is_refused(cors_server):
    # when
    with pytest.raises(InvalidStatus) as refused:
        connect(
            cors_server.url.replace("http", "ws") + "/graphql", origin=OTHER_ORIGIN, subprotocols=["graphql-transport-ws"]
        )

    # then
    assert refused.value.response.status_code == 403
