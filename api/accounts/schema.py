"""Core root fields: `viewer` and `node`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import strawberry
from strawberry import relay

from api.accounts.models import User as UserRow
from api.accounts.service import Viewer


@strawberry.type(name="User", description="A person who owns tasks. Only the viewer is ever visible.")
class User(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="The user's unique name.")
    created_at: datetime = strawberry.field(description="When the user was created.")

    @classmethod
    def is_type_of(cls, obj: object, info: object) -> bool:
        return isinstance(obj, (Viewer, UserRow, cls))

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False):
        viewer = info.context.viewer
        return [viewer if str(viewer.id) == str(node_id) else None for node_id in node_ids]


@strawberry.type
class CoreQuery:
    node: relay.Node | None = relay.node(
        description="Fetch any object by its global id; null when it does not exist or is not the viewer's."
    )

    @strawberry.field(description="The authenticated user.")
    def viewer(self, info: strawberry.Info) -> User:
        return info.context.viewer
