"""The Starlette app: /graphql over HTTP and WebSocket, GraphiQL, /healthz."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from tortoise import connections
from tortoise.contrib.starlette import RegisterTortoise

from api.accounts.service import authenticate, bearer_token
from api.context import Context
from api.contract import FeatureModule
from api.db import tortoise_config
from api.registry import load_modules
from api.schema import build_schema, loader_factory
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
    """Strawberry's ASGI app with the viewer resolved from the bearer token."""

    def __init__(self, schema: Any, *, settings: Settings, modules: Sequence[FeatureModule]) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
        )
        self.settings = settings
        self.build_loaders = loader_factory(modules)

    async def get_context(self, request: Any, response: Any) -> Context:
        viewer = request.scope.get("state", {}).get("viewer")
        return Context(
            request=request, response=response, settings=self.settings, viewer=viewer, loader_factory=self.build_loaders
        )

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


class AuthGate:
    """Let through only requests with a valid bearer token; the GraphiQL page itself needs none."""

    def __init__(self, graphql: GraphQLApp, settings: Settings) -> None:
        self.graphql = graphql
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not self._is_graphiql_page(scope):
            request = Request(scope)
            viewer = await authenticate(bearer_token(request.headers.get("authorization")))
            if viewer is None:
                response = JSONResponse(
                    UNAUTHENTICATED_BODY, status_code=401, headers={"WWW-Authenticate": 'Bearer realm="taskapi"'}
                )
                await response(scope, receive, send)
                return
            scope.setdefault("state", {})["viewer"] = viewer
        await self.graphql(scope, receive, send)

    def _is_graphiql_page(self, scope: Scope) -> bool:
        if not self.settings.graphiql or scope["method"] != "GET":
            return False
        headers = dict(scope["headers"])
        accept = headers.get(b"accept", b"").decode("latin-1")
        return "text/html" in accept and not scope.get("query_string")


def create_app(settings: Settings | None = None) -> Starlette:
    """The app for `settings` (default: from the environment), composed from the enabled modules."""
    settings = settings or get_settings()
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
                            await stack.enter_async_context(module.background(settings))
                yield

    app = Starlette(
        routes=[
            Route("/graphql", gate, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", gate),
            Route("/healthz", healthz),
        ],
        lifespan=lifespan,
        max_body_size=settings.max_body_bytes,
        debug=settings.debug,
    )
    app.state.schema = schema
    app.state.settings = settings
    return app
