"""The module contract: what a feature module declares so that the composition root can assemble it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from api.context import Context
    from api.prefetch import Prefetch

LoaderFactory = Callable[["Context"], Mapping[str, Any]]
# background(settings, serving=...) -> async context manager; `serving` is True inside `taskapi serve`
BackgroundWork = Callable[..., AbstractAsyncContextManager[Any]]


@dataclass(frozen=True)
class FeatureModule:
    """One feature module's contribution to the product.

    name:          unique module name, as listed in the MODULES setting.
    requires:      names of the modules this one builds on; they must be enabled too.
    models:        dotted path of the module's Tortoise models (its tables).
    query, mutation, subscription:
                   strawberry types whose fields become root fields.
    extensible:    types this module owns that other modules may add fields to, by GraphQL name.
                   The composed type is published as `api.composition.<Name>`; refer to it with
                   `Annotated["<Name>", strawberry.lazy("api.composition")]`.
    contributions: fields this module adds to types other modules own: GraphQL type name -> strawberry type
                   whose resolver fields are merged into the owner's type.
    types:         extra types to register (e.g. node types reachable only through `node(id)`).
    loaders:       builds this module's DataLoaders for one request; keys are namespaced by the module.
    prefetch:      look-ahead loading of contributed fields, by "Type.field" (GraphQL names) -> api.prefetch.Prefetch:
                   the owner's page resolvers load the field for a whole page at once when the query selects it.
    background:    optional work that runs beside the app (and in `taskapi worker`), as an async context manager.
    """

    name: str
    models: str
    requires: Sequence[str] = ()
    query: type | None = None
    mutation: type | None = None
    subscription: type | None = None
    extensible: Mapping[str, type] = field(default_factory=dict)
    contributions: Mapping[str, type] = field(default_factory=dict)
    types: Sequence[type] = ()
    loaders: LoaderFactory | None = None
    prefetch: Mapping[str, Prefetch] = field(default_factory=dict)
    background: BackgroundWork | None = None
