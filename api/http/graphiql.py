"""GraphiQL without the public CDN: the page's seven assets served from a local folder filled from npm.

Strawberry's GraphiQL page loads React, js-cookie, GraphiQL and its explorer plugin from unpkg.com, each pinned to
an exact version with a Subresource Integrity hash. unpkg serves files straight from the npm packages, so the same
files taken from those package versions on the npm registry are byte-identical and the page's hashes still match.
`taskapi graphiql-assets` fills the folder; with GRAPHIQL_LOCAL_ASSETS on, the app serves it at /graphiql-assets/
and rewrites the page to load from there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from strawberry.http.ides import get_graphql_ide_html

CDN_BASE = "https://unpkg.com/"
LOCAL_ROUTE = "/graphiql-assets"
ASSETS_DIR = Path(__file__).resolve().parent.parent / "static" / "graphiql"
SETUP_HINT = "run `taskapi graphiql-assets` to fetch GraphiQL's files from the npm registry"

_ASSET = re.compile(
    r"""(?:src|href)="https://unpkg\.com/(?P<package>(?:@[^/"@]+/)?[^/"@]+@[^/"]+)/(?P<path>[^"]+)"\s+"""
    r"""integrity="(?P<integrity>[^"]+)\""""
)


class GraphiQLAssetsError(Exception):
    """GraphiQL's local assets are missing, altered, or could not be fetched."""


@dataclass(frozen=True)
class Asset:
    """One file the page loads: `package` is "name@version" as on the CDN, `path` the file inside the package."""

    package: str
    path: str
    integrity: str

    @property
    def url_path(self) -> str:
        return f"{self.package}/{self.path}"

    def matches(self, content: bytes) -> bool:
        algorithm, _, expected = self.integrity.partition("-")
        digest = hashlib.new(algorithm, content).digest()
        return base64.b64encode(digest).decode("ascii") == expected


def page_html() -> str:
    """Strawberry's GraphiQL page, as it references the CDN."""
    return get_graphql_ide_html(graphql_ide="graphiql")


def page_assets(html: str | None = None) -> list[Asset]:
    """Every CDN file the page references, with its exact package version and SRI hash."""
    html = page_html() if html is None else html
    assets = [Asset(m["package"], m["path"], m["integrity"]) for m in _ASSET.finditer(html)]
    if html.count(CDN_BASE) != len(assets):
        raise GraphiQLAssetsError("the GraphiQL page references a CDN file without an integrity hash")
    return assets


def local_page(html: str | None = None) -> str:
    """The page with every CDN URL pointing at the app's own /graphiql-assets/ route instead."""
    html = page_html() if html is None else html
    return html.replace(CDN_BASE, LOCAL_ROUTE + "/")


def problems(directory: Path = ASSETS_DIR) -> list[str]:
    """What is wrong with the local copy: each missing file, or file whose bytes do not match the page's hash."""
    found: list[str] = []
    for asset in page_assets():
        file = directory / asset.url_path
        if not file.is_file():
            found.append(f"missing {asset.url_path}")
        elif not asset.matches(file.read_bytes()):
            found.append(f"{asset.url_path} does not match the page's integrity hash")
    return found


def check(directory: Path = ASSETS_DIR) -> None:
    """Raise unless every asset is present and matches its hash."""
    found = problems(directory)
    if found:
        raise GraphiQLAssetsError(f"GraphiQL's local assets in {directory} are not usable ({'; '.join(found)}): {SETUP_HINT}")


def _npm_pack(package: str, folder: Path, npm: str) -> Path:
    completed = subprocess.run(
        [npm, "pack", package, "--json", "--ignore-scripts", "--pack-destination", str(folder)],
        capture_output=True,
        text=True,
        cwd=folder,
    )
    if completed.returncode != 0:
        raise GraphiQLAssetsError(f"`npm pack {package}` failed: {completed.stderr.strip()[-500:]}")
    return folder / json.loads(completed.stdout)[0]["filename"]


def install(directory: Path = ASSETS_DIR, *, npm: str = "npm") -> list[Asset]:
    """Fetch each package at the exact version the page names (`npm pack`) and copy out the files it loads."""
    if shutil.which(npm) is None:
        raise GraphiQLAssetsError(f"`{npm}` is not installed: install Node.js and npm, then retry")
    assets = page_assets()
    with tempfile.TemporaryDirectory(prefix="graphiql-assets-") as tmp:
        tarballs = {package: _npm_pack(package, Path(tmp), npm) for package in dict.fromkeys(a.package for a in assets)}
        for asset in assets:
            with tarfile.open(tarballs[asset.package]) as tarball:
                member = tarball.extractfile(f"package/{asset.path}")
                if member is None:
                    raise GraphiQLAssetsError(f"{asset.package} has no file {asset.path}")
                content = member.read()
            if not asset.matches(content):
                raise GraphiQLAssetsError(f"{asset.url_path} from npm does not match the page's integrity hash")
            target = directory / asset.url_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    return assets
