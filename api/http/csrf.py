"""Cross-site request forgery: refuse the POSTs a browser sends from any site without a CORS preflight."""

from __future__ import annotations

from collections.abc import Mapping

# A browser sends a POST with one of these content types (or none) cross-site without asking the server first.
SIMPLE_CONTENT_TYPES = frozenset({"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"})
# Non-safelisted headers a client may add to force a preflight (the names Apollo's clients use).
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name")

CSRF_CODE = "CSRF_BLOCKED"
CSRF_MESSAGE = (
    "This request was blocked as a possible cross-site request forgery: send GraphQL POSTs with "
    "`Content-Type: application/json`. Bodies sent as text/plain, application/x-www-form-urlencoded, "
    "multipart/form-data or without a Content-Type are refused, because any web page can make a browser send them."
)


def csrf_refusal(method: str, headers: Mapping[str, str]) -> str | None:
    """Why this request is refused as a possible CSRF, or None when a browser would have had to preflight it."""
    if method != "POST":
        return None
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type and content_type not in SIMPLE_CONTENT_TYPES:
        return None
    if any(headers.get(name) for name in PREFLIGHT_HEADERS):
        return None
    return CSRF_MESSAGE
