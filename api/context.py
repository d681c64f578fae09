"""The per-request context every resolver receives."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from api.settings import Settings


class Context:
    """Request, viewer, settings and this request's DataLoaders (made fresh per request, never shared)."""

    def __init__(
        self,
        *,
        request: Any,
        response: Any,
        settings: Settings,
        viewer: Any | None,
        loader_factory: Callable[["Context"], Mapping[str, Any]],
    ) -> None:
        self.request = request
        self.response = response
        self.settings = settings
        self.viewer = viewer
        self.connection_params: dict[str, Any] | None = None
        self._loader_factory = loader_factory
        self._loaders: Mapping[str, Any] | None = None
        # what api.prefetch loaded for a whole page, by loader name then key
        self.prefetched: dict[str, dict[Any, Any]] = {}

    @property
    def viewer_id(self) -> int:
        assert self.viewer is not None, "resolvers run only for authenticated viewers"
        return self.viewer.id

    @property
    def loaders(self) -> Mapping[str, Any]:
        if self._loaders is None:
            self._loaders = self._loader_factory(self)
        return self._loaders

    def reset_loaders(self) -> None:
        """Forget cached loads: a long-lived WebSocket context calls this before each event."""
        self._loaders = None
        self.prefetched = {}
