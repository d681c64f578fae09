"""The tasks module: the foundation every other feature module builds on."""

from api.contract import FeatureModule
from modules.tasks.loaders import build_loaders
from modules.tasks.schema import TaskBase, TasksMutation, TasksQuery

module = FeatureModule(
    name="tasks",
    models="modules.tasks.models",
    query=TasksQuery,
    mutation=TasksMutation,
    extensible={"Task": TaskBase},
    loaders=build_loaders,
)
