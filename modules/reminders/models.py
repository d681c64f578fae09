"""Tables owned by the reminders module."""

from tortoise import fields
from tortoise.models import Model


class Reminder(Model):
    id = fields.BigIntField(primary_key=True)
    owner = fields.ForeignKeyField("models.User", related_name=False, on_delete=fields.CASCADE)
    task = fields.ForeignKeyField("models.Task", related_name=False, on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=8, description="ABSOLUTE or RELATIVE")
    remind_at = fields.DatetimeField(null=True, description="absolute reminders: when")
    minutes_before = fields.IntField(null=True, description="relative reminders: minutes before the task is due")
    due_at = fields.DatetimeField(null=True, description="effective time; follows the task for relative reminders")
    snoozed_until = fields.DatetimeField(null=True)
    fire_at = fields.DatetimeField(null=True, description="when the dispatcher delivers it: snooze, else due_at")
    status = fields.CharField(max_length=9, default="PENDING", description="PENDING, DELIVERED or CANCELLED")
    delivered_at = fields.DatetimeField(null=True)
    claimed_by = fields.CharField(max_length=64, null=True)
    claim_expires_at = fields.DatetimeField(null=True)
    attempts = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "reminder"
        indexes = (("task_id", "due_at"), ("status", "fire_at"), ("owner_id", "due_at", "id"))
