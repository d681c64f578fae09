"""The reminders module: reminders on tasks, delivered at their time to the viewer's subscriptions."""

from api.contract import FeatureModule
from modules.reminders.dispatcher import run_dispatcher
from modules.reminders.loaders import TASK_REMINDERS_PREFETCH, build_loaders
from modules.reminders.schema import (
    ReminderBase,
    RemindersMutation,
    RemindersQuery,
    RemindersSubscription,
    ReminderTaskFields,
)
from modules.reminders.service import follow_task_due_at
from modules.tasks import events as task_events

# Relative reminders follow their task's dueAt, inside the transaction that changes it.
task_events.on_due_at_changed(follow_task_due_at)

module = FeatureModule(
    name="reminders",
    models="modules.reminders.models",
    requires=("tasks",),
    query=RemindersQuery,
    mutation=RemindersMutation,
    subscription=RemindersSubscription,
    extensible={"Reminder": ReminderBase},
    contributions={"Task": ReminderTaskFields},
    loaders=build_loaders,
    prefetch={"Task.reminders": TASK_REMINDERS_PREFETCH},
    background=run_dispatcher,
)
