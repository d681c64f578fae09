"""The module registry: which feature modules exist, and resolving the enabled list."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from api.contract import FeatureModule

# Every feature module the product knows, by name. Adding a module is one line here.
KNOWN_MODULES: dict[str, str] = {
    "tasks": "modules.tasks",
    "tags": "modules.tags",
    "reminders": "modules.reminders",
}


class CompositionError(RuntimeError):
    """The enabled modules cannot be composed into one product."""


def load_modules(names: Sequence[str]) -> list[FeatureModule]:
    """Import the enabled modules, checking names and that every module's prerequisites are enabled."""
    modules: list[FeatureModule] = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise CompositionError(f"module {name!r} is listed twice in MODULES")
        seen.add(name)
        if name not in KNOWN_MODULES:
            known = ", ".join(sorted(KNOWN_MODULES))
            raise CompositionError(f"unknown module {name!r} in MODULES (known: {known})")
        module = importlib.import_module(KNOWN_MODULES[name]).module
        if module.name != name:
            raise CompositionError(f"{KNOWN_MODULES[name]} declares the name {module.name!r}, expected {name!r}")
        modules.append(module)
    for module in modules:
        for required in module.requires:
            if required not in seen:
                raise CompositionError(
                    f"module {module.name!r} builds on {required!r}, which is not enabled: add {required!r} to MODULES"
                )
    return modules


def models_modules(modules: Sequence[FeatureModule]) -> list[str]:
    """Every Tortoise models module: the core's and each enabled module's."""
    return ["api.accounts.models", *(m.models for m in modules)]


def all_models_modules() -> list[str]:
    """The models of every known module: the shared migration history covers all tables, enabled or not."""
    return models_modules(load_modules(list(KNOWN_MODULES)))
