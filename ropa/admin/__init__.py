"""The Django admin of the register, for the DPO: one module per topic, on a thin shared base (`base.py`)."""

from . import activities, catalogues, exports, notices, parties, tokens, users, workflow  # noqa: F401  (each registers its ModelAdmins)
