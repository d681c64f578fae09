"""GraphiQL served with its assets from the app itself (GRAPHIQL_LOCAL_ASSETS), working with no internet."""

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api.http import graphiql

ROOT = Path(__file__).resolve().parents[2]

VIEWER_QUERY = "{ viewer { name } }"

# What strawberry's page loads from the CDN; `taskapi graphiql-assets` fetches exactly these from npm.
EXPECTED_ASSETS = [
    "react@18.2.0/umd/react.production.min.js",
    "react-dom@18.2.0/umd/react-dom.production.min.js",
    "js-cookie@3.0.5/dist/js.cookie.min.js",
    "graphiql@3.8.3/graphiql.min.css",
    "@graphiql/plugin-explorer@1.0.2/dist/style.css",
    "graphiql@3.8.3/graphiql.min.js",
    "@graphiql/plugin-explorer@1.0.2/dist/index.umd.js",
]


@pytest.fixture(scope="module")
def local_assets() -> None:
    found = graphiql.problems()
    if found:
        pytest.fail(f"GraphiQL's local assets are not usable ({'; '.join(found)}): {graphiql.SETUP_HINT}")


@pytest.fixture(scope="module")
def offline_graphiql(serve_process, local_assets):
    return serve_process(GRAPHIQL_LOCAL_ASSETS="1")


def test_the_page_pins_the_asset_versions_the_setup_step_fetches():
    # when
    assets = graphiql.page_assets()

    # then
    assert [asset.url_path for asset in assets] == EXPECTED_ASSETS
    assert all(asset.integrity.startswith("sha384-") for asset in assets)


def test_missing_assets_are_reported_with_the_setup_step(tmp_path):
    # given
    (tmp_path / "react@18.2.0" / "umd").mkdir(parents=True)
    (tmp_path / "react@18.2.0" / "umd" / "react.production.min.js").write_text("not react")

    # when
    with pytest.raises(graphiql.GraphiQLAssetsError) as raised:
        graphiql.check(tmp_path)

    # then
    message = str(raised.value)
    assert "react@18.2.0/umd/react.production.min.js does not match the page's integrity hash" in message
    assert "missing graphiql@3.8.3/graphiql.min.js" in message
    assert "taskapi graphiql-assets" in message


def test_the_default_page_still_loads_from_the_cdn(live_server):
    # when
    response = httpx.get(f"{live_server.url}/graphql", headers={"Accept": "text/html"})

    # then
    assert response.status_code == 200
    assert "https://unpkg.com/graphiql@3.8.3/graphiql.min.js" in response.text
    assert "/graphiql-assets/" not in response.text


def test_the_local_page_loads_every_asset_from_the_app(offline_graphiql):
    # when
    page = httpx.get(f"{offline_graphiql.url}/graphql", headers={"Accept": "text/html"})

    # then
    assert page.status_code == 200
    assert "unpkg.com" not in page.text
    for asset in graphiql.page_assets():
        assert f'"/graphiql-assets/{asset.url_path}"' in page.text
        assert f'integrity="{asset.integrity}"' in page.text
        served = httpx.get(f"{offline_graphiql.url}/graphiql-assets/{asset.url_path}")
        assert served.status_code == 200, asset.url_path
        assert asset.matches(served.content), asset.url_path


def test_a_reloaded_page_with_the_query_in_its_url_needs_no_token(offline_graphiql):
    # given: GraphiQL keeps the edited query in the page's URL
    url = f"{offline_graphiql.url}/graphql?q=%7B%20viewer%20%7B%20name%20%7D%20%7D"

    # when
    response = httpx.get(url, headers={"Accept": "text/html"})

    # then
    assert response.status_code == 200
    assert "<title>Strawberry GraphiQL</title>" in response.text


def test_graphiql_runs_a_query_in_chromium_without_internet(offline_graphiql, alice, node, chromium, tmp_path):
    # given
    config = {
        "url": offline_graphiql.url,
        "token": alice.token,
        "query": VIEWER_QUERY,
        "screenshot": str(tmp_path / "graphiql.png"),
        "executablePath": str(chromium),
    }

    # when
    outcome = node("graphiql.mjs", config, timeout=180)

    # then
    assert outcome["result"] == {"data": {"viewer": {"name": alice.name}}}
    assert outcome["blocked"] == []
    assert outcome["pageErrors"] == []
    assert sorted(a["url"].split("/graphiql-assets/")[1] for a in outcome["assets"]) == sorted(EXPECTED_ASSETS)
    assert all(a["status"] == 200 for a in outcome["assets"])


def test_the_setup_step_checks_the_local_copy_without_the_network(local_assets):
    # when
    completed = subprocess.run(
        [sys.executable, "-m", "api.cli", "graphiql-assets", "--check"],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=60,
    )

    # then
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("ok: GraphiQL's assets in ")
