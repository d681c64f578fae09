"""GraphQL types and root fields of the tasks module. Resolvers are thin: input → service → type."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from api.errors import UserError, UserInputError
from api.ids import decode_id, nodes_in_order
from api.prefetch import prefetch
from api.pagination import Connection, OrderDirection, SortKey, fetch_page, page_window, to_connection
from modules.tasks import service
from modules.tasks.models import Priority as PriorityValue
from modules.tasks.models import Task as TaskRow
from modules.tasks.repository import TASK_RECORD, TaskQuery, TaskRecord, task_repository

# The composed Task: this module's fields plus those other modules contribute.
TaskRef = Annotated["Task", strawberry.lazy("api.composition")]

Priority = strawberry.enum(
    PriorityValue,
    name="Priority",
    description="How urgent a task is, from NONE to URGENT; ordering by priority follows this order.",
)


@strawberry.type(name="Task", description="Something the viewer means to do.")
class TaskBase(relay.Node):
    id: relay.NodeID[int]
    title: str = strawberry.field(description="Short summary, 1 to 500 characters.")
    description: str = strawberry.field(description="Longer notes, at most 10,000 characters; empty when none.")
    priority: Priority = strawberry.field(description="How urgent the task is.")
    due_at: datetime | None = strawberry.field(description="When the task is due (UTC); null when it has no due time.")
    completed: bool = strawberry.field(description="Whether the task is done.")
    completed_at: datetime | None = strawberry.field(description="When the task was completed; null while open.")
    created_at: datetime = strawberry.field(description="When the task was created.")
    updated_at: datetime = strawberry.field(description="When the task last changed.")

    @classmethod
    def is_type_of(cls, obj: object, info: object) -> bool:
        return isinstance(obj, (TaskRecord, TaskRow, cls))

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False):
        owner_id = info.context.viewer_id
        return await nodes_in_order(node_ids, lambda ids: task_repository.get_many(owner_id=owner_id, task_ids=ids))


@strawberry.enum(description="What a task list can be ordered by; ties are broken by creation order.")
class TaskOrderField(Enum):
    CREATED_AT = "created_at"
    DUE_AT = "due_at"
    PRIORITY = "priority"


@strawberry.input(description="How to order a task list.")
class TaskOrder:
    field: TaskOrderField = strawberry.field(description="The field to order by.")
    direction: OrderDirection = strawberry.field(default=OrderDirection.ASC, description="ASC or DESC.")


@strawberry.input(description="Narrows a task list; every condition given must hold.")
class TaskFilter:
    completed: bool | None = strawberry.field(default=None, description="Only completed (true) or open (false) tasks.")
    priority: list[Priority] | None = strawberry.field(default=None, description="Only tasks with one of these priorities.")
    due_before: datetime | None = strawberry.field(default=None, description="Only tasks due strictly before this time.")
    due_after: datetime | None = strawberry.field(default=None, description="Only tasks due at or after this time.")
    search: str | None = strawberry.field(default=None, description="Only tasks whose title contains this text, ignoring case.")


SORT_KEYS = {
    TaskOrderField.CREATED_AT: SortKey("created_at", kind=datetime),
    TaskOrderField.DUE_AT: SortKey("due_at", nullable=True, kind=datetime),
    TaskOrderField.PRIORITY: SortKey("priority", kind=int),
}
DEFAULT_ORDER = TaskOrder(field=TaskOrderField.CREATED_AT, direction=OrderDirection.DESC)


def sort_key(order: TaskOrder | None) -> SortKey:
    order = order or DEFAULT_ORDER
    base = SORT_KEYS[order.field]
    return SortKey(base.field, order.direction is OrderDirection.DESC, base.nullable, base.kind)


async def paginate_tasks(
    info: strawberry.Info, queryset, *, first, after, last, before, order: TaskOrder | None = None
) -> Connection:
    """A page of `queryset` (already scoped to the viewer) as a TaskConnection. Other modules reuse it."""
    settings = info.context.settings
    key = sort_key(order)
    window = page_window(
        first=first, after=after, last=last, before=before, key=key,
        default_size=settings.default_page_size, max_size=settings.max_page_size,
    )
    page = await fetch_page(queryset, key, window, records=TASK_RECORD)
    await prefetch(info, "Task", page.rows, path=("edges", "node"))
    return to_connection(page, key, count=queryset.count)


FirstArg = Annotated[int | None, strawberry.argument(description="Page forwards: at most this many items (default 20, at most 100).")]
AfterArg = Annotated[str | None, strawberry.argument(description="Page forwards from this cursor.")]
LastArg = Annotated[int | None, strawberry.argument(description="Page backwards: at most this many items (at most 100).")]
BeforeArg = Annotated[str | None, strawberry.argument(description="Page backwards from this cursor.")]
IdArg = Annotated[strawberry.ID, strawberry.argument(description="The task's global id.")]


@strawberry.type
class TasksQuery:
    @strawberry.field(description="One of the viewer's tasks; null when the id is unknown, deleted or not the viewer's.")
    async def task(self, info: strawberry.Info, id: IdArg) -> TaskRef | None:
        task_id = decode_id(id, "Task")
        if task_id is None:
            return None
        return await task_repository.get(owner_id=info.context.viewer_id, task_id=task_id)

    @strawberry.field(description="The viewer's tasks, a page at a time (newest first unless `orderBy` says otherwise).")
    async def tasks(
        self,
        info: strawberry.Info,
        first: FirstArg = None,
        after: AfterArg = None,
        last: LastArg = None,
        before: BeforeArg = None,
        filter: Annotated[TaskFilter | None, strawberry.argument(description="Conditions the tasks must meet.")] = None,
        order_by: Annotated[TaskOrder | None, strawberry.argument(description="Ordering; default createdAt DESC.")] = None,
    ) -> Connection[TaskRef]:
        f = filter or TaskFilter()
        query = TaskQuery(
            completed=f.completed,
            priorities=tuple(f.priority) if f.priority is not None else None,
            due_before=f.due_before,
            due_after=f.due_after,
            search=f.search,
        )
        queryset = task_repository.matching(owner_id=info.context.viewer_id, query=query)
        return await paginate_tasks(info, queryset, first=first, after=after, last=last, before=before, order=order_by)


@strawberry.input(description="A new task.")
class CreateTaskInput:
    title: str = strawberry.field(description="Short summary, 1 to 500 characters after trimming.")
    description: str | None = strawberry.field(default=None, description="Longer notes, at most 10,000 characters.")
    priority: Priority | None = strawberry.field(default=None, description="How urgent; default NONE.")
    due_at: datetime | None = strawberry.field(default=None, description="When it is due, with a time zone offset.")


@strawberry.input(description="Changes to a task: an absent field stays unchanged, an explicit null clears it.")
class UpdateTaskInput:
    id: strawberry.ID = strawberry.field(description="The task's global id.")
    title: str | None = strawberry.field(default=strawberry.UNSET, description="New title; cannot be null.")
    description: str | None = strawberry.field(default=strawberry.UNSET, description="New notes; null clears them.")
    priority: Priority | None = strawberry.field(default=strawberry.UNSET, description="New priority; null sets NONE.")
    due_at: datetime | None = strawberry.field(default=strawberry.UNSET, description="New due time; null clears it.")


@strawberry.type(description="The result of a task mutation: the task, or the errors that stopped it.")
class TaskPayload:
    task: TaskRef | None = strawberry.field(description="The task after the change; null when errors is not empty.")
    errors: list[UserError] = strawberry.field(description="Why the mutation was refused; empty on success.")


async def task_payload(action) -> TaskPayload:
    try:
        return TaskPayload(task=await action, errors=[])
    except UserInputError as exc:
        return TaskPayload(task=None, errors=[exc.to_user_error()])


@strawberry.type
class TasksMutation:
    @strawberry.mutation(description="Create a task for the viewer.")
    async def create_task(
        self, info: strawberry.Info, input: Annotated[CreateTaskInput, strawberry.argument(description="The new task.")]
    ) -> TaskPayload:
        return await task_payload(
            service.create_task(
                owner_id=info.context.viewer_id,
                title=input.title,
                description=input.description,
                priority=input.priority,
                due_at=input.due_at,
            )
        )

    @strawberry.mutation(description="Change a task's title, description, priority or due time.")
    async def update_task(
        self,
        info: strawberry.Info,
        input: Annotated[UpdateTaskInput, strawberry.argument(description="The task's id and the fields to change.")],
    ) -> TaskPayload:
        changes = {
            name: getattr(input, name)
            for name in ("title", "description", "priority", "due_at")
            if getattr(input, name) is not strawberry.UNSET
        }
        return await task_payload(
            service.update_task(owner_id=info.context.viewer_id, task_id=decode_id(input.id, "Task"), changes=changes)
        )

    @strawberry.mutation(description="Mark a task done. Completing a done task changes nothing.")
    async def complete_task(self, info: strawberry.Info, id: IdArg) -> TaskPayload:
        return await task_payload(
            service.set_completed(owner_id=info.context.viewer_id, task_id=decode_id(id, "Task"), completed=True)
        )

    @strawberry.mutation(description="Mark a done task open again.")
    async def reopen_task(self, info: strawberry.Info, id: IdArg) -> TaskPayload:
        return await task_payload(
            service.set_completed(owner_id=info.context.viewer_id, task_id=decode_id(id, "Task"), completed=False)
        )

    @strawberry.mutation(description="Delete a task for good; returns it as it was.")
    async def delete_task(self, info: strawberry.Info, id: IdArg) -> TaskPayload:
        return await task_payload(service.delete_task(owner_id=info.context.viewer_id, task_id=decode_id(id, "Task")))
