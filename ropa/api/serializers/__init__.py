"""API representations of the register."""

from .activities import ActivitySerializer
from .catalogues import (
    AdequacyDecisionSerializer,
    DataCategorySerializer,
    DataSubjectCategorySerializer,
    OrganisationSerializer,
    PurposeSerializer,
    SecurityMeasureSerializer,
    ThirdPartySerializer,
)
from .history import HistoryEntrySerializer

__all__ = [
    "ActivitySerializer",
    "AdequacyDecisionSerializer",
    "DataCategorySerializer",
    "DataSubjectCategorySerializer",
    "HistoryEntrySerializer",
    "OrganisationSerializer",
    "PurposeSerializer",
    "SecurityMeasureSerializer",
    "ThirdPartySerializer",
]
