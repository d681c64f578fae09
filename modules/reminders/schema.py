"""GraphQL types and root fields of the reminders module. Resolvers are thin: input → service → type."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from datetime import datetime
from enum import Enum
from typing import Annotated

import strawberry
from strawberry import relay

from api.errors import CodedError, UserError, UserInputError
from api.ids import decode_id, nodes_in_order
from api.pagination import Connection, SortKey, fetch_page, page_window, to_connection
from modules.reminders import service
from modules.reminders.broker import MAX_BACKLOG, OVERFLOWED, broker
from modules.reminders.models import Reminder as ReminderRow
from modules.reminders.loaders import REMINDERS_BY_TASK
from modules.reminders.repository import ReminderQuery, ReminderRecord, reminder_repository
from modules.tasks.schema import TaskRef

# The composed Reminder: this module's fields plus any other modules contribute.
ReminderRef = Annotated["Reminder", strawberry.lazy("api.composition")]


@strawberry.enum(description="How a reminder's time is given.")
class ReminderKind(Enum):
    ABSOLUTE = strawberry.enum_value("ABSOLUTE", description="At a fixed time (`remindAt`).")
    RELATIVE = strawberry.enum_value(
        "RELATIVE", description="A number of minutes before the task is due (`minutesBefore`); follows the task."
    )


@strawberry.enum(description="Where a reminder is in its life.")
class ReminderStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="Waiting for its time (or its snooze) to come.")
    DELIVERED = strawberry.enum_value("DELIVERED", description="Delivered to the viewer's subscriptions.")
    CANCELLED = strawberry.enum_value(
        "CANCELLED", description="Will not fire: a relative reminder whose task lost its due time."
    )


@strawberry.type(name="Reminder", description="A nudge about one of the viewer's tasks, delivered at its time.")
class ReminderBase(relay.Node):
    id: relay.NodeID[int]
    kind: ReminderKind = strawberry.field(description="Whether the time is absolute or relative to the task's dueAt.")
    remind_at: datetime | None = strawberry.field(description="ABSOLUTE reminders: when; null for RELATIVE ones.")
    minutes_before: int | None = strawberry.field(
        description="RELATIVE reminders: how many minutes before the task's dueAt; null for ABSOLUTE ones."
    )
    due_at: datetime | None = strawberry.field(
        description="The effective time: remindAt, or the task's dueAt minus minutesBefore (it follows the task). "
        "Null only for a RELATIVE reminder cancelled because its task lost its due time."
    )
    status: ReminderStatus = strawberry.field(description="PENDING, DELIVERED or CANCELLED.")
    delivered_at: datetime | None = strawberry.field(description="When it was last delivered; null until then.")
    snoozed_until: datetime | None = strawberry.field(
        description="When a snooze makes it fire (again) instead of dueAt; null when not snoozed."
    )
    created_at: datetime = strawberry.field(description="When the reminder was created.")

    @strawberry.field(description="The task this reminder is about.")
    async def task(self, info: strawberry.Info) -> TaskRef:
        return await info.context.loaders["tasks.by_id"].load(self.task_id)  # type: ignore[attr-defined]

    @classmethod
    def is_type_of(cls, obj: object, info: object) -> bool:
        return isinstance(obj, (ReminderRecord, ReminderRow, cls))

    @classmethod
    async def resolve_nodes(cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False):
        owner_id = info.context.viewer_id
        return await nodes_in_order(node_ids, lambda ids: reminder_repository.get_many(owner_id=owner_id, reminder_ids=ids))


@strawberry.type
class ReminderTaskFields:
    """What the reminders module adds to Task."""

    @strawberry.field(description="The task's reminders, by effective time (those without one last).")
    async def reminders(self, info: strawberry.Info) -> list[ReminderRef]:
        # A page of tasks loads its reminders at once (TASK_REMINDERS_PREFETCH) and is answered before this runs.
        return await info.context.loaders[REMINDERS_BY_TASK].load(self.id)  # type: ignore[attr-defined]


@strawberry.input(description="Narrows a reminder list; every condition given must hold.")
class ReminderFilter:
    status: ReminderStatus | None = strawberry.field(default=None, description="Only reminders in this status.")
    due_before: datetime | None = strawberry.field(
        default=None, description="Only reminders whose effective time is strictly before this time."
    )
    due_after: datetime | None = strawberry.field(
        default=None, description="Only reminders whose effective time is at or after this time."
    )
    delivered_after: datetime | None = strawberry.field(
        default=None,
        description="Only reminders delivered at or after this time: with status DELIVERED, what a client missed "
        "while it was not subscribed.",
    )


SORT_KEY = SortKey("due_at", nullable=True, kind=datetime)

FirstArg = Annotated[
    int | None, strawberry.argument(description="Page forwards: at most this many items (default 20, at most 100).")
]
AfterArg = Annotated[str | None, strawberry.argument(description="Page forwards from this cursor.")]
IdArg = Annotated[strawberry.ID, strawberry.argument(description="The reminder's global id.")]


@strawberry.type
class RemindersQuery:
    @strawberry.field(
        description="One of the viewer's reminders; null when the id is unknown, deleted or not the viewer's."
    )
    async def reminder(self, info: strawberry.Info, id: IdArg) -> ReminderRef | None:
        reminder_id = decode_id(id, "Reminder")
        if reminder_id is None:
            return None
        return await reminder_repository.get(owner_id=info.context.viewer_id, reminder_id=reminder_id)

    @strawberry.field(
        description="The viewer's reminders, a page at a time, by effective time (those without one last)."
    )
    async def reminders(
        self,
        info: strawberry.Info,
        first: FirstArg = None,
        after: AfterArg = None,
        filter: Annotated[
            ReminderFilter | None, strawberry.argument(description="Conditions the reminders must meet.")
        ] = None,
    ) -> Connection[ReminderRef]:
        f = filter or ReminderFilter()
        query = ReminderQuery(
            status=f.status.value if f.status is not None else None,
            due_before=f.due_before,
            due_after=f.due_after,
            delivered_after=f.delivered_after,
        )
        queryset = reminder_repository.matching(owner_id=info.context.viewer_id, query=query)
        settings = info.context.settings
        window = page_window(
            first=first, after=after, last=None, before=None, key=SORT_KEY,
            default_size=settings.default_page_size, max_size=settings.max_page_size,
        )
        page = await fetch_page(queryset, SORT_KEY, window)
        return to_connection(page, SORT_KEY, count=queryset.count)


@strawberry.input(description="A new reminder on a task: give exactly one of remindAt or minutesBefore.")
class CreateReminderInput:
    task_id: strawberry.ID = strawberry.field(description="The task's global id.")
    remind_at: datetime | None = strawberry.field(
        default=None, description="Remind at this time (with a time zone offset); must be in the future."
    )
    minutes_before: int | None = strawberry.field(
        default=None,
        description="Remind this many minutes (0 to 527040) before the task is due; the task needs a dueAt, and "
        "the reminder follows it when it changes.",
    )


@strawberry.input(description="A new time for a reminder: give exactly one of remindAt or minutesBefore.")
class UpdateReminderInput:
    id: strawberry.ID = strawberry.field(description="The reminder's global id.")
    remind_at: datetime | None = strawberry.field(
        default=None, description="Make it ABSOLUTE, at this time (with a time zone offset, in the future)."
    )
    minutes_before: int | None = strawberry.field(
        default=None, description="Make it RELATIVE: this many minutes (0 to 527040) before the task is due."
    )


@strawberry.type(description="The result of a reminder mutation: the reminder, or the errors that stopped it.")
class ReminderPayload:
    reminder: ReminderRef | None = strawberry.field(
        description="The reminder after the change; null when errors is not empty."
    )
    errors: list[UserError] = strawberry.field(description="Why the mutation was refused; empty on success.")


async def reminder_payload(action) -> ReminderPayload:
    try:
        return ReminderPayload(reminder=await action, errors=[])
    except UserInputError as exc:
        return ReminderPayload(reminder=None, errors=[exc.to_user_error()])


@strawberry.type
class RemindersMutation:
    @strawberry.mutation(
        description="Remind the viewer about a task, at a time or some minutes before it is due. "
        "Errors: INVALID, NOT_FOUND, IN_THE_PAST, TASK_HAS_NO_DUE_DATE, LIMIT_REACHED (50 a task)."
    )
    async def create_reminder(
        self,
        info: strawberry.Info,
        input: Annotated[CreateReminderInput, strawberry.argument(description="The task and when to remind.")],
    ) -> ReminderPayload:
        return await reminder_payload(
            service.create_reminder(
                owner_id=info.context.viewer_id,
                task_id=decode_id(input.task_id, "Task"),
                remind_at=input.remind_at,
                minutes_before=input.minutes_before,
            )
        )

    @strawberry.mutation(
        description="Give a reminder a new time; it becomes PENDING again and any snooze is dropped. "
        "Errors: INVALID, NOT_FOUND, IN_THE_PAST, TASK_HAS_NO_DUE_DATE."
    )
    async def update_reminder(
        self,
        info: strawberry.Info,
        input: Annotated[UpdateReminderInput, strawberry.argument(description="The reminder's id and its new time.")],
    ) -> ReminderPayload:
        return await reminder_payload(
            service.update_reminder(
                owner_id=info.context.viewer_id,
                reminder_id=decode_id(input.id, "Reminder"),
                remind_at=input.remind_at,
                minutes_before=input.minutes_before,
            )
        )

    @strawberry.mutation(
        description="Deliver a reminder (again) later, at `until` or `minutes` from now; give exactly one. "
        "Errors: INVALID, NOT_FOUND, IN_THE_PAST."
    )
    async def snooze_reminder(
        self,
        info: strawberry.Info,
        id: IdArg,
        until: Annotated[
            datetime | None, strawberry.argument(description="Deliver at this time (with a time zone offset).")
        ] = None,
        minutes: Annotated[
            int | None, strawberry.argument(description="Deliver this many minutes from now (1 to 527040).")
        ] = None,
    ) -> ReminderPayload:
        return await reminder_payload(
            service.snooze_reminder(
                owner_id=info.context.viewer_id, reminder_id=decode_id(id, "Reminder"), until=until, minutes=minutes
            )
        )

    @strawberry.mutation(description="Delete a reminder for good; returns it as it was. Errors: NOT_FOUND.")
    async def delete_reminder(self, info: strawberry.Info, id: IdArg) -> ReminderPayload:
        return await reminder_payload(
            service.delete_reminder(owner_id=info.context.viewer_id, reminder_id=decode_id(id, "Reminder"))
        )


@strawberry.type
class RemindersSubscription:
    @strawberry.subscription(
        description="The viewer's reminders, each as it is delivered. Missed some while offline? "
        "Query `reminders(filter: {status: DELIVERED, deliveredAfter: …})`."
    )
    async def reminder_due(self, info: strawberry.Info) -> AsyncGenerator[ReminderRef, None]:
        owner_id = info.context.viewer_id
        async with broker.subscribe(owner_id) as deliveries:
            while True:
                reminder_id = await deliveries.get()
                if reminder_id == OVERFLOWED:
                    raise CodedError(
                        f"More than {MAX_BACKLOG} deliveries waited for this subscription, so it ended. Catch up with "
                        "`reminders(filter: {status: DELIVERED, deliveredAfter: …})` and subscribe again.",
                        "SUBSCRIPTION_OVERFLOW",
                    )
                row = await reminder_repository.get(owner_id=owner_id, reminder_id=reminder_id)
                if row is not None:
                    info.context.reset_loaders()  # a long-lived context: load the task afresh for each event
                    yield row
