"""Database: the Tortoise configuration and the shared migration history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tortoise.context import TortoiseContext

from api.registry import all_models_modules

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
APP = "models"


def tortoise_config(database_url: str) -> dict[str, Any]:
    """One Tortoise app holding every module's models.

    All known modules' tables are registered, enabled or not: the single migration history covers them all,
    so turning a module on or off never needs a schema change.
    """
    return {
        "connections": {"default": database_url},
        "apps": {APP: {"models": [*all_models_modules(), "aerich.models"], "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


async def migrate(database_url: str) -> list[str]:
    """Apply pending migrations; returns the names of the versions applied."""
    from aerich import Command

    async with TortoiseContext():
        async with Command(tortoise_config(database_url), app=APP, location=str(MIGRATIONS_DIR)) as command:
            await command.init()
            return await command.upgrade(run_in_transaction=True)


async def pending_model_changes(database_url: str) -> str:
    """The SQL a new migration would hold: empty when the models and the history agree.

    Run against a database already upgraded to the latest version; writes no file.
    """
    from aerich.migrate import Migrate

    from aerich import Command

    async with TortoiseContext(), Command(tortoise_config(database_url), app=APP, location=str(MIGRATIONS_DIR)) as command:
        await command.init()
        Migrate.diff_models(Migrate._last_version_content, _describe(), no_input=True)
        Migrate.diff_models(_describe(), Migrate._last_version_content, False, no_input=True)
        Migrate._merge_operators()
        sql = ";\n".join(Migrate.upgrade_operators)
        Migrate.upgrade_operators.clear()
        Migrate.downgrade_operators.clear()
        return sql


def _describe() -> dict:
    from aerich.utils import get_models_describe

    return get_models_describe(APP)
