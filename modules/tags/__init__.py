"""The tags module: tags on tasks. Its tables exist from the foundation migration; its GraphQL comes next."""

from api.contract import FeatureModule

module = FeatureModule(name="tags", models="modules.tags.models", requires=("tasks",))
