"""GraphQL types and root fields of the tags module. Resolvers are thin: input → service → type."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from api.errors import UserError, UserInputError
from api.ids import decode_id, nodes_in_order
from api.pagination import Connection, SortKey, fetch_page, page_window, to_connection
from modules.tags import service
from modules.tags.loaders import TAGS_BY_TASK, TASK_COUNT_BY_TAG, forget_loaded
from modules.tags.models import Tag as TagRow
from modules.tags.repository import TagRecord, tag_repository
from modules.tasks.schema import AfterArg, BeforeArg, FirstArg, LastArg, TaskPayload, TaskRef, paginate_tasks

# The composed Tag: this module's fields plus any other module contributes.
TagRef = Annotated["Tag", strawberry.lazy("api.composition")]

# Names are unique per owner ignoring case, so the casefolded name orders tags with no ties in practice.
TAG_ORDER = SortKey("name_key", kind=str)


@strawberry.type(name="Tag", description="A label the viewer puts on tasks. Names are unique per user, ignoring case.")
class TagBase(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="The tag's name, 1 to 50 characters.")
    color: str | None = strawberry.field(description="Display color as #RRGGBB (upper case); null when none.")
    created_at: datetime = strawberry.field(description="When the tag was created.")

    @classmethod
    def is_type_of(cls, obj: object, info: object) -> bool:
        return isinstance(obj, (TagRecord, TagRow, cls))

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False):
        owner_id = info.context.viewer_id
        return await nodes_in_order(node_ids, lambda ids: tag_repository.get_many(owner_id=owner_id, tag_ids=ids))

    @strawberry.field(description="How many of the viewer's tasks carry this tag.")
    async def task_count(self, info: strawberry.Info) -> int:
        return await info.context.loaders[TASK_COUNT_BY_TAG].load(self.id)

    @strawberry.field(description="The viewer's tasks that carry this tag, a page at a time, newest first.")
    async def tasks(
        self,
        info: strawberry.Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
    ) -> Connection[TaskRef]:
        queryset = tag_repository.tasks_with_tag(owner_id=info.context.viewer_id, tag_id=self.id)
        return await paginate_tasks(info, queryset, first=first, after=after, last=last, before=before)


@strawberry.type(description="Fields the tags module adds to Task.")
class TaskTagFields:
    @strawberry.field(description="The tags on this task, ordered by name.")
    async def tags(self, info: strawberry.Info) -> list[TagRef]:
        # A page of tasks loads its tags at once (TASK_TAGS_PREFETCH) and is answered before this runs.
        return await info.context.loaders[TAGS_BY_TASK].load(self.id)


TagIdArg = Annotated[strawberry.ID, strawberry.argument(description="The tag's global id.")]
SearchArg = Annotated[
    str | None, strawberry.argument(description="Only tags whose name contains this text, ignoring case.")
]


@strawberry.type
class TagsQuery:
    @strawberry.field(description="One of the viewer's tags; null when the id is unknown, deleted or not the viewer's.")
    async def tag(self, info: strawberry.Info, id: TagIdArg) -> TagRef | None:
        return await service.get_tag(owner_id=info.context.viewer_id, tag_id=decode_id(id, "Tag"))

    @strawberry.field(description="The viewer's tags, a page at a time, ordered by name ignoring case.")
    async def tags(
        self,
        info: strawberry.Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        search: SearchArg = None,
    ) -> Connection[TagRef]:
        settings = info.context.settings
        window = page_window(
            first=first, after=after, last=last, before=before, key=TAG_ORDER,
            default_size=settings.default_page_size, max_size=settings.max_page_size,
        )
        queryset = tag_repository.matching(owner_id=info.context.viewer_id, search=(search or "").strip())
        page = await fetch_page(queryset, TAG_ORDER, window)
        return to_connection(page, TAG_ORDER, count=queryset.count)


@strawberry.input(description="A new tag.")
class CreateTagInput:
    name: str = strawberry.field(description="1 to 50 characters after trimming; unique among your tags ignoring case.")
    color: str | None = strawberry.field(default=None, description="Display color as #RRGGBB; default none.")


@strawberry.input(description="Changes to a tag: an absent field stays unchanged, an explicit null color clears it.")
class UpdateTagInput:
    id: strawberry.ID = strawberry.field(description="The tag's global id.")
    name: str | None = strawberry.field(
        default=strawberry.UNSET, description="New name, 1 to 50 characters after trimming; cannot be null."
    )
    color: str | None = strawberry.field(
        default=strawberry.UNSET, description="New color as #RRGGBB; null removes the color."
    )


@strawberry.type(description="The result of a tag mutation: the tag, or the errors that stopped it.")
class TagPayload:
    tag: TagRef | None = strawberry.field(description="The tag after the change; null when errors is not empty.")
    errors: list[UserError] = strawberry.field(description="Why the mutation was refused; empty on success.")


def _user_errors(exc: UserInputError) -> list[UserError]:
    return [error.to_user_error() for error in getattr(exc, "errors", [exc])]


async def _tag_payload(info: strawberry.Info, action: Awaitable[TagRow]) -> TagPayload:
    try:
        tag = await action
    except UserInputError as exc:
        return TagPayload(tag=None, errors=_user_errors(exc))
    forget_loaded(info.context)
    return TagPayload(tag=tag, errors=[])


async def _task_payload(info: strawberry.Info, action: Awaitable[object]) -> TaskPayload:
    try:
        task = await action
    except UserInputError as exc:
        return TaskPayload(task=None, errors=_user_errors(exc))
    forget_loaded(info.context)
    return TaskPayload(task=task, errors=[])


TaskIdArg = Annotated[strawberry.ID, strawberry.argument(description="The task's global id.")]
TagIdsArg = Annotated[
    list[strawberry.ID],
    strawberry.argument(description=f"Global ids of the viewer's tags, at most {service.MAX_TAG_IDS}."),
]


CreateTagInputArg = Annotated[CreateTagInput, strawberry.argument(description="The tag to create.")]
UpdateTagInputArg = Annotated[UpdateTagInput, strawberry.argument(description="The tag and the changes to make.")]


def _tag_ids(values: list[strawberry.ID]) -> list[int | None]:
    return [decode_id(value, "Tag") for value in values]


@strawberry.type
class TagsMutation:
    @strawberry.mutation(description="Create a tag for the viewer.")
    async def create_tag(self, info: strawberry.Info, input: CreateTagInputArg) -> TagPayload:
        return await _tag_payload(
            info, service.create_tag(owner_id=info.context.viewer_id, name=input.name, color=input.color)
        )

    @strawberry.mutation(description="Rename or recolor a tag.")
    async def update_tag(self, info: strawberry.Info, input: UpdateTagInputArg) -> TagPayload:
        changes = {
            name: getattr(input, name) for name in ("name", "color") if getattr(input, name) is not strawberry.UNSET
        }
        return await _tag_payload(
            info,
            service.update_tag(owner_id=info.context.viewer_id, tag_id=decode_id(input.id, "Tag"), changes=changes),
        )

    @strawberry.mutation(description="Delete a tag and take it off its tasks (the tasks stay); returns it as it was.")
    async def delete_tag(self, info: strawberry.Info, id: TagIdArg) -> TagPayload:
        return await _tag_payload(info, service.delete_tag(owner_id=info.context.viewer_id, tag_id=decode_id(id, "Tag")))

    @strawberry.mutation(
        description="Put tags on a task. Tags it already carries are left as they are; any unknown id changes nothing."
    )
    async def add_tags_to_task(self, info: strawberry.Info, task_id: TaskIdArg, tag_ids: TagIdsArg) -> TaskPayload:
        return await _task_payload(
            info,
            service.add_tags_to_task(
                owner_id=info.context.viewer_id, task_id=decode_id(task_id, "Task"), tag_ids=_tag_ids(tag_ids)
            ),
        )

    @strawberry.mutation(
        description="Take tags off a task. Tags it does not carry are skipped; any unknown id changes nothing."
    )
    async def remove_tags_from_task(self, info: strawberry.Info, task_id: TaskIdArg, tag_ids: TagIdsArg) -> TaskPayload:
        return await _task_payload(
            info,
            service.remove_tags_from_task(
                owner_id=info.context.viewer_id, task_id=decode_id(task_id, "Task"), tag_ids=_tag_ids(tag_ids)
            ),
        )
