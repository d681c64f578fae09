"""Tables owned by the tags module: tags and the task–tag link."""

from tortoise import fields
from tortoise.models import Model


class Tag(Model):
    id = fields.BigIntField(primary_key=True)
    owner = fields.ForeignKeyField("models.User", related_name=False, on_delete=fields.CASCADE)
    name = fields.CharField(max_length=50)
    # casefolded name: names are unique per owner ignoring case
    name_key = fields.CharField(max_length=50)
    color = fields.CharField(max_length=7, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "tag"
        unique_together = (("owner_id", "name_key"),)


class TaskTag(Model):
    id = fields.BigIntField(primary_key=True)
    task = fields.ForeignKeyField("models.Task", related_name=False, on_delete=fields.CASCADE)
    tag = fields.ForeignKeyField("models.Tag", related_name=False, on_delete=fields.CASCADE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "task_tag"
        # (task_id, tag_id) serves lookups by task; (tag_id, task_id) serves Tag.tasks and taskCount.
        unique_together = (("task_id", "tag_id"),)
        indexes = (("tag_id", "task_id"),)
