"""GraphQL error bodies the HTTP layer answers with before or instead of executing an operation."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import JSONResponse

from api.http.negotiation import APPLICATION_JSON


def error_body(message: str, code: str | None) -> dict[str, list[dict[str, object]]]:
    error: dict[str, object] = {"message": message}
    if code:
        error["extensions"] = {"code": code}
    return {"errors": [error]}


def error_response(
    message: str,
    *,
    code: str | None,
    status: int,
    media_type: str = APPLICATION_JSON,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A GraphQL response with one error and no `data` entry, in the negotiated media type."""
    return JSONResponse(error_body(message, code), status_code=status, headers=headers, media_type=media_type)
