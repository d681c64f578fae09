"""Every setting, read from the environment in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Mapping


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"expected a boolean, got {value!r}")


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. Each field is read from the environment variable of the same name in capitals."""

    database_url: str = "sqlite://taskapi.db"
    modules: tuple[str, ...] = ("tasks", "tags", "reminders")
    debug: bool = False
    graphiql: bool = True
    graphiql_local_assets: bool = False
    max_depth: int = 10
    max_aliases: int = 30
    max_tokens: int = 2000
    max_page_size: int = 100
    default_page_size: int = 20
    max_body_bytes: int = 100_000
    cors_origins: tuple[str, ...] = field(default_factory=tuple)
    dispatcher: bool = True
    dispatcher_interval: float = 0.5
    claim_timeout: float = 30.0
    log_level: str = "info"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> "Settings":
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(f.name.upper())
            if raw is None:
                continue
            try:
                values[f.name] = _parse(f.type, raw)
            except (SettingsError, ValueError) as exc:
                raise SettingsError(f"{f.name.upper()}: {exc}") from None
        values.update(overrides)
        return cls(**values)


def _parse(annotation: object, raw: str) -> object:
    kind = str(annotation)
    if kind == "bool":
        return _bool(raw)
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    if kind.startswith("tuple"):
        return _list(raw)
    return raw


_current: Settings | None = None


def get_settings() -> Settings:
    """The process-wide settings, read from the environment on first use."""
    global _current
    if _current is None:
        _current = Settings.from_env()
    return _current


def set_settings(settings: Settings) -> None:
    """Replace the process-wide settings (the CLI and tests do this before building the app)."""
    global _current
    _current = settings
