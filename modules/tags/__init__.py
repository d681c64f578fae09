"""The tags module: tags the viewer puts on tasks, `Task.tags`, and the tag queries and mutations."""

from api.contract import FeatureModule
from modules.tags.loaders import TASK_TAGS_PREFETCH, build_loaders
from modules.tags.schema import TagBase, TagsMutation, TagsQuery, TaskTagFields

module = FeatureModule(
    name="tags",
    models="modules.tags.models",
    requires=("tasks",),
    query=TagsQuery,
    mutation=TagsMutation,
    extensible={"Tag": TagBase},
    contributions={"Task": TaskTagFields},
    loaders=build_loaders,
    prefetch={"Task.tags": TASK_TAGS_PREFETCH},
)
