"""Which media type a GraphQL response is sent as, and which status it gets (GraphQL over HTTP)."""

from __future__ import annotations

from graphql import GraphQLError

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
APPLICATION_JSON = "application/json"

_JSON_WILDCARDS = ("application/*", "*/*")


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value.strip())))
            except ValueError:
                return 0.0
    return 1.0


def response_media_type(accept: str | None) -> str:
    """The media type to answer with: application/graphql-response+json when the client prefers it, else JSON.

    A missing Accept header, `*/*` and `application/json` all mean application/json, as before.
    """
    if not accept:
        return APPLICATION_JSON
    graphql_response: float | None = None
    json_explicit: float | None = None
    json_wildcard = 0.0
    for part in accept.split(","):
        media, *params = part.split(";")
        media = media.strip().lower()
        quality = _quality(params)
        if media == GRAPHQL_RESPONSE_JSON:
            graphql_response = max(graphql_response or 0.0, quality)
        elif media == APPLICATION_JSON:
            json_explicit = max(json_explicit or 0.0, quality)
        elif media in _JSON_WILDCARDS:
            json_wildcard = max(json_wildcard, quality)
    json = json_explicit if json_explicit is not None else json_wildcard
    if graphql_response and graphql_response >= json:
        return GRAPHQL_RESPONSE_JSON
    return APPLICATION_JSON


def request_error_status(errors: list[GraphQLError] | None, data: object) -> int | None:
    """The status for an application/graphql-response+json answer that has no `data`, or None when it has data.

    Parse, validation and variable-coercion errors stop a request before any field runs: the result has no data
    and no error with a path. Those are the client's fault (400), unless an error was an unexpected failure (500).
    A field error that nulled the whole result (`data: null`) still executed, so it stays a 200.
    """
    if data is not None or not errors:
        return None
    if any(error.path for error in errors):
        return None
    for error in errors:
        code = (error.extensions or {}).get("code")
        unexpected = error.original_error is not None and not isinstance(error.original_error, GraphQLError)
        if code == "INTERNAL_SERVER_ERROR" or unexpected:
            return 500
    return 400
