"""The register's models, split by topic."""

from .activities import *  # noqa: F403
from .base import *  # noqa: F403
from .catalogues import *  # noqa: F403
from .exports import *  # noqa: F403
from .parties import *  # noqa: F403
from .processing import *  # noqa: F403

# The rows hanging off an activity (each an `ActivityRelation` with its own history), in the order the register
# lists them. The one list every reader of "an activity and its relations" iterates.
ACTIVITY_RELATIONS: tuple[type, ...] = (
    ActivityPurpose,  # noqa: F405
    ActivityDataSubject,  # noqa: F405
    ActivityDataCategory,  # noqa: F405
    LegalBasis,  # noqa: F405
    Recipient,  # noqa: F405
    Transfer,  # noqa: F405
    ActivitySecurityMeasure,  # noqa: F405
    ActivityController,  # noqa: F405
)
