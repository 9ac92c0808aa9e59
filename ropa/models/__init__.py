"""The register's models, split by topic."""

from .activities import *  # noqa: F403
from .base import *  # noqa: F403
from .catalogues import *  # noqa: F403
from .exports import *  # noqa: F403
from .membership import *  # noqa: F403
from .notices import *  # noqa: F403
from .parties import *  # noqa: F403
from .processing import *  # noqa: F403
from .relation import activity_relations
from .tokens import *  # noqa: F403
from .workflow import *  # noqa: F403

# The rows hanging off an activity (each an `ActivityRelation` with its own history and its `relation`
# declaration), in the order the register lists them.
ACTIVITY_RELATIONS = activity_relations()
