"""Tables owned by the tasks module."""

from enum import IntEnum

from tortoise import fields
from tortoise.models import Model


class Priority(IntEnum):
    NONE = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    URGENT = 4


class Task(Model):
    id = fields.BigIntField(primary_key=True)
    owner = fields.ForeignKeyField("models.User", related_name=False, on_delete=fields.CASCADE)
    title = fields.CharField(max_length=500)
    description = fields.TextField(default="")
    priority = fields.IntEnumField(Priority, default=Priority.NONE)
    due_at = fields.DatetimeField(null=True)
    completed = fields.BooleanField(default=False)
    completed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "task"
        # Keyset pagination walks these per owner, one index per ordering.
        indexes = (("owner_id", "created_at", "id"), ("owner_id", "due_at", "id"), ("owner_id", "priority", "id"))
