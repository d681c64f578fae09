"""Tables owned by the core: users and their API tokens."""

from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "user"


class ApiToken(Model):
    id = fields.BigIntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tokens", on_delete=fields.CASCADE
    )
    # sha256 of the token: tokens carry 256 random bits, so a fast hash is enough and lookups stay indexed.
    token_hash = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=12, description="first characters of the token, to recognise it")
    label = fields.CharField(max_length=100, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"
