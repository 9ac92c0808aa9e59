"""The register's models, split by topic."""

from .activities import *  # noqa: F403
from .base import *  # noqa: F403
from .catalogues import *  # noqa: F403
from .exports import *  # noqa: F403
from .parties import *  # noqa: F403
from .processing import *  # noqa: F403
