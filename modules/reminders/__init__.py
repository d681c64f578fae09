"""The reminders module: reminders on tasks. Its tables exist from the foundation migration; its GraphQL comes next."""

from api.contract import FeatureModule

module = FeatureModule(name="reminders", models="modules.reminders.models", requires=("tasks",))
