"""The Starlette app: /graphql over HTTP and WebSocket, GraphiQL, /healthz.

Frontend-facing behaviour (see api/http/): application/graphql-response+json, CORS, CSRF refusal, automatic
persisted queries, and GraphiQL served from local assets when GRAPHIQL_LOCAL_ASSETS is on.
"""

from __future__ import annotations

import contextlib
import logging
import uuid

import orjson
from collections.abc import AsyncIterator, Sequence
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

from api.accounts.service import authenticate, bearer_token
from api.context import Context
from api.contract import FeatureModule
from api.db import tortoise_config
from api.http import graphiql
from api.http import persisted_queries as apq
from api.http.csrf import CSRF_CODE, PREFLIGHT_HEADERS, csrf_refusal
from api.http.negotiation import GRAPHQL_RESPONSE_JSON, request_error_status, response_media_type
from api.http.responses import error_response
from api.registry import load_modules
from api.schema import build_schema, code_limit_errors, loader_factory
from api.settings import Settings, get_settings

logger = logging.getLogger("taskapi")

UNAUTHENTICATED_BODY = {
    "errors": [
        {
            "message": "Authentication required: send `Authorization: Bearer <token>`. "
            "Create a token with `taskapi token create --user NAME`.",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ]
}


class GraphQLApp(GraphQL):
    """Strawberry's ASGI app with the viewer resolved from the bearer token, and the frontend-facing HTTP rules."""

    def __init__(self, schema: Any, *, settings: Settings, modules: Sequence[FeatureModule]) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            allowed_origins=settings.cors_origins,
        )
        self.settings = settings
        self.build_loaders = loader_factory(modules)
        self.persisted_queries = apq.PersistedQueryStore()
        self._ide_html = graphiql.local_page() if settings.graphiql_local_assets else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        request = Request(scope=scope, receive=receive)
        try:
            response = await self.run(request)
        except HTTPException as exc:
            response = request_error(request, exc.reason, exc.status_code)
        except apq.PersistedQueryError as exc:
            response = persisted_query_error(request, exc)
        await response(scope, receive, send)

    @property
    def graphql_ide_html(self) -> str:
        return self._ide_html if self._ide_html is not None else super().graphql_ide_html

    def should_render_graphql_ide(self, request: Any) -> bool:
        """A browser navigating to /graphql: GET, asking for HTML, with no operation (`query` or a persisted one)."""
        params = request.query_params
        return (
            request.method == "GET"
            and "text/html" in request.headers.get("accept", "")
            and params.get("query") is None
            and params.get("extensions") is None
        )

    async def get_context(self, request: Any, response: Any) -> Context:
        viewer = request.scope.get("state", {}).get("viewer")
        return Context(
            request=request, response=response, settings=self.settings, viewer=viewer, loader_factory=self.build_loaders
        )

    async def get_sub_response(self, request: Any) -> Response:
        sub_response = await super().get_sub_response(request)
        sub_response.media_type = response_media_type(request.headers.get("accept"))
        request.state.sub_response = sub_response
        return sub_response

    async def execute_single(self, *, request: Any, request_data: GraphQLRequestData, **kwargs: Any) -> ExecutionResult:
        sha = apq.requested_hash(request_data.extensions)
        if sha is None:
            return await super().execute_single(request=request, request_data=request_data, **kwargs)
        if request_data.query is None:
            request_data.query = self.persisted_queries.get(sha)
            if request_data.query is None:
                raise apq.not_found()
            return await super().execute_single(request=request, request_data=request_data, **kwargs)
        apq.check_hash(request_data.query, sha)
        result = await super().execute_single(request=request, request_data=request_data, **kwargs)
        if request_error_status(result.errors, result.data) is None:
            self.persisted_queries.put(sha, request_data.query)  # only documents that parse and validate
        return result

    async def process_result(self, request: Any, result: ExecutionResult) -> GraphQLHTTPResponse:
        code_limit_errors(result.errors)
        body = await super().process_result(request, result)
        sub_response = request.state.sub_response
        if sub_response.media_type == GRAPHQL_RESPONSE_JSON:
            status = request_error_status(result.errors, result.data)
            if status is not None:
                body.pop("data", None)
                sub_response.status_code = status
        return body

    def encode_json(self, data: object) -> str:
        # orjson: several times faster than json.dumps on a page of tasks, same compact output. A str, not
        # bytes: WebSocket messages must go out as text frames.
        return orjson.dumps(data).decode()

    def create_response(self, response_data: Any, sub_response: Response) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == GRAPHQL_RESPONSE_JSON:
            response.headers["content-type"] = GRAPHQL_RESPONSE_JSON
        return response

    async def on_ws_connect(self, context: Context) -> Any:
        token = bearer_token(context.request.headers.get("authorization"))
        params = context.connection_params or {}
        if token is None and isinstance(params, dict):
            raw = params.get("Authorization") or params.get("authorization")
            token = bearer_token(raw) if isinstance(raw, str) else None
        viewer = await authenticate(token)
        if viewer is None:
            raise ConnectionRejectionError()
        context.viewer = viewer
        return None


def request_error(request: Request, reason: str, status: int) -> Response:
    """A request refused before execution: JSON for graphql-response+json clients, plain text (as ever) otherwise."""
    media_type = response_media_type(request.headers.get("accept"))
    if media_type == GRAPHQL_RESPONSE_JSON:
        return error_response(reason, code="BAD_REQUEST" if status == 400 else None, status=status, media_type=media_type)
    return PlainTextResponse(reason, status_code=status)


def persisted_query_error(request: Request, exc: apq.PersistedQueryError) -> Response:
    media_type = response_media_type(request.headers.get("accept"))
    # Without `data`, a graphql-response+json answer must not be a 2xx.
    status = max(exc.status, 400) if media_type == GRAPHQL_RESPONSE_JSON else exc.status
    return error_response(
        exc.message,
        code=exc.code,
        status=status,
        media_type=media_type,
        headers={"Cache-Control": "private, no-cache, must-revalidate"},
    )


class AuthGate:
    """Refuse possible CSRF, then let through only requests with a valid bearer token; the GraphiQL page needs none."""

    def __init__(self, graphql: GraphQLApp, settings: Settings) -> None:
        self.graphql = graphql
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._handle(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Any) -> None:
            nonlocal started
            started = True
            await send(message)

        try:
            await self._handle(scope, receive, tracking_send)
        except ClientDisconnect:
            return  # the client went away mid-request: nobody to answer
        except Exception:
            # Outside GraphQL execution (e.g. the database is unreachable while authenticating): the same masked,
            # logged-with-an-id error the schema gives, instead of a bare "Internal Server Error".
            error_id = uuid.uuid4().hex[:12]
            logger.exception("unexpected error %s", error_id)
            if started:
                raise
            body = {
                "errors": [
                    {
                        "message": f"Unexpected error. Reference: {error_id}",
                        "extensions": {"code": "INTERNAL_SERVER_ERROR", "errorId": error_id},
                    }
                ]
            }
            await JSONResponse(body, status_code=500)(scope, receive, send)

    async def _handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            media_type = response_media_type(request.headers.get("accept"))
            refusal = csrf_refusal(request.method, request.headers)
            if refusal is not None:
                response = error_response(refusal, code=CSRF_CODE, status=400, media_type=media_type)
                await response(scope, receive, send)
                return
            if not self._is_graphiql_page(request):
                viewer = await authenticate(bearer_token(request.headers.get("authorization")))
                if viewer is None:
                    response = JSONResponse(
                        UNAUTHENTICATED_BODY,
                        status_code=401,
                        headers={"WWW-Authenticate": 'Bearer realm="taskapi"'},
                        media_type=media_type,
                    )
                    await response(scope, receive, send)
                    return
                scope.setdefault("state", {})["viewer"] = viewer
        await self.graphql(scope, receive, send)

    def _is_graphiql_page(self, request: Request) -> bool:
        return self.settings.graphiql and self.graphql.should_render_graphql_ide(request)


def create_app(settings: Settings | None = None) -> Starlette:
    """The app for `settings` (default: from the environment), composed from the enabled modules."""
    settings = settings or get_settings()
    if settings.graphiql and settings.graphiql_local_assets:
        graphiql.check()
    modules = load_modules(settings.modules)
    schema = build_schema(settings, modules)
    graphql = GraphQLApp(schema, settings=settings, modules=modules)
    gate = AuthGate(graphql, settings)

    async def healthz(request: Request) -> Response:
        try:
            await connections.get("default").execute_query("SELECT 1")
        except Exception:
            logger.exception("health check failed")
            return JSONResponse({"status": "unavailable"}, status_code=503)
        return JSONResponse({"status": "ok"})

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with RegisterTortoise(app, config=tortoise_config(settings.database_url), generate_schemas=False):
            async with contextlib.AsyncExitStack() as stack:
                if settings.dispatcher:
                    for module in modules:
                        if module.background is not None:
                            await stack.enter_async_context(module.background(settings, serving=True))
                yield

    routes = [
        Route("/graphql", gate, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", gate),
        Route("/healthz", healthz),
    ]
    if settings.graphiql and settings.graphiql_local_assets:
        routes.append(Mount(graphiql.LOCAL_ROUTE, app=StaticFiles(directory=graphiql.ASSETS_DIR), name="graphiql-assets"))
    cors = Middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=("GET", "POST"),
        allow_headers=("Authorization", "Content-Type", *PREFLIGHT_HEADERS),
        max_age=600,
    )
    app = Starlette(
        routes=routes,
        middleware=[cors],
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,
        debug=settings.debug,
    )
    app.state.schema = schema
    app.state.settings = settings
    return app
