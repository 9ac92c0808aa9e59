"""The Register snapshot: the single read model of one organisation's register, live or as of a datetime.

Reports, checks, diffs and read views consume `build_register(...)`; none of them queries the models themselves.
"""

from .build import build_register
from .snapshot import (
    ActivityView,
    AdequacyView,
    CatalogueItem,
    ControllerView,
    DataCategoryUse,
    LegalBasisView,
    NoticeView,
    OrganisationView,
    RecipientView,
    Register,
    SecurityMeasureUse,
    ThirdPartyView,
    TransferView,
)

__all__ = [
    "ActivityView",
    "AdequacyView",
    "CatalogueItem",
    "ControllerView",
    "DataCategoryUse",
    "LegalBasisView",
    "NoticeView",
    "OrganisationView",
    "RecipientView",
    "Register",
    "SecurityMeasureUse",
    "ThirdPartyView",
    "TransferView",
    "build_register",
]
