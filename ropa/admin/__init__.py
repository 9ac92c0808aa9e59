"""The Django admin of the register, for the DPO: one module per topic, on a thin shared base (`base.py`)."""

from . import (  # noqa: F401  (each registers its ModelAdmins)
    activities,
    catalogues,
    exports,
    memberships,
    notices,
    parties,
    tokens,
    users,
    workflow,
)
