"""Every enumeration of the register, in one place.

Values are stable keys stored in the database and exported; labels are for people. Where the W3C Data Privacy
Vocabulary names a concept, `DPV` maps our key to its identifier for machine-readable exports.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

DPV_GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"

# The European Economic Area: a destination here is not a Chapter V transfer.
EEA_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",  # the EU 27
        # EU territory with an ISO 3166 code of its own: the outermost regions (Art. 349 and 355(1) TFEU) and the
        # Åland Islands (Art. 355(4) TFEU). Overseas countries and territories (GL, NC, PF…) are not EU territory.
        "GF",
        "GP",
        "MQ",
        "RE",
        "YT",
        "MF",
        "AX",
        "IS",
        "LI",
        "NO",  # and the EEA EFTA states
    ]
)


class DPODesignation(models.TextChoices):
    """The organisation's decision on a data protection officer (Art. 37(1))."""

    DESIGNATED = "designated", _("Designated")
    NOT_REQUIRED = "not_required", _("Not required (reason recorded)")
    NOT_ASSESSED = "not_assessed", _("Not assessed")


class Sensitivity(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary personal data")
    SPECIAL = "special", _("Special category (Art. 9)")
    CRIMINAL = "criminal", _("Criminal offence data (Art. 10)")


class Role(models.TextChoices):
    """A user's role on a register: the name of its group (installation-wide) and of a membership's role
    (one organisation). What each may do is `ropa.roles.ROLE_PERMISSIONS`."""

    DPO = "DPO", _("DPO")
    CONTRIBUTOR = "Contributor", _("Contributor")
    AUDITOR = "Auditor", _("Auditor")


class OrganisationRole(models.TextChoices):
    """The organisation's role in one processing activity."""

    CONTROLLER = "controller", _("Controller")
    JOINT_CONTROLLER = "joint_controller", _("Joint controller")
    PROCESSOR = "processor", _("Processor")


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class RecipientRole(models.TextChoices):
    """The role a third party plays when it receives data from an activity."""

    PROCESSOR = "processor", _("Processor")
    SUB_PROCESSOR = "sub_processor", _("Sub-processor")
    INDEPENDENT_CONTROLLER = "independent_controller", _("Independent controller")
    JOINT_CONTROLLER = "joint_controller", _("Joint controller")
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")


class LawfulBasis(models.TextChoices):
    """Art. 6(1) GDPR."""

    CONSENT = "consent", _("Art. 6(1)(a) consent")
    CONTRACT = "contract", _("Art. 6(1)(b) contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Art. 6(1)(c) legal obligation")
    VITAL_INTERESTS = "vital_interests", _("Art. 6(1)(d) vital interests")
    PUBLIC_TASK = "public_task", _("Art. 6(1)(e) public task")
    LEGITIMATE_INTERESTS = "legitimate_interests", _("Art. 6(1)(f) legitimate interests")


class Art9Condition(models.TextChoices):
    """Art. 9(2) GDPR conditions for special-category data."""

    EXPLICIT_CONSENT = "a", _("Art. 9(2)(a) explicit consent")
    EMPLOYMENT = "b", _("Art. 9(2)(b) employment, social security and social protection law")
    VITAL_INTERESTS = "c", _("Art. 9(2)(c) vital interests, person unable to consent")
    NOT_FOR_PROFIT = "d", _("Art. 9(2)(d) not-for-profit body")
    MANIFESTLY_PUBLIC = "e", _("Art. 9(2)(e) made manifestly public by the data subject")
    LEGAL_CLAIMS = "f", _("Art. 9(2)(f) legal claims or courts")
    SUBSTANTIAL_PUBLIC_INTEREST = "g", _("Art. 9(2)(g) substantial public interest")
    HEALTH_CARE = "h", _("Art. 9(2)(h) health or social care")
    PUBLIC_HEALTH = "i", _("Art. 9(2)(i) public health")
    ARCHIVING_RESEARCH = "j", _("Art. 9(2)(j) archiving, research or statistics")


class Art22Exception(models.TextChoices):
    """Art. 22(2): when a decision based solely on automated processing with legal or similarly significant effects
    is allowed."""

    CONTRACT = "contract", _("Art. 22(2)(a) necessary for a contract with the data subject")
    LAW = "law", _("Art. 22(2)(b) authorised by Union or Member State law")
    EXPLICIT_CONSENT = "explicit_consent", _("Art. 22(2)(c) explicit consent")


class AdequacyScope(models.TextChoices):
    """What an adequacy decision covers when it does not cover every recipient in the country (Art. 45(3):
    "one or more specified sectors"). A transfer on such a decision must confirm the recipient is within it; the
    EU-US frameworks are limited to certified organisations, recorded as `requires_certification` instead."""

    PIPEDA = "pipeda", _("Organisations subject to PIPEDA (Canada, 2002/2/EC)")
    APPI = "appi", _("Business operators subject to the APPI, private sector (Japan, (EU) 2019/419)")
    AUTOMATED = (
        "automated_processing",
        _("Automated transfers, or manual ones further processed by automated means in Israel (2011/61/EU)"),
    )
    NOT_UK_IMMIGRATION = (
        "not_uk_immigration_control",
        _("All transfers except for UK immigration control or within the immigration exemption ((EU) 2021/1772)"),
    )
    PIPA = (
        "pipa",
        _(
            "Controllers subject to PIPA, except credit information under the Credit Information Act, missionary work "
            "of religious organisations and nominations by political parties (Korea, (EU) 2022/254)"
        ),
    )


class TransferMechanism(models.TextChoices):
    """The Chapter V grounds for a transfer to a third country or international organisation."""

    ADEQUACY = "adequacy", _("Art. 45 adequacy decision")
    PUBLIC_BODIES = "public_bodies_instrument", _("Art. 46(2)(a) instrument between public bodies")
    BCR = "bcr", _("Art. 46(2)(b) binding corporate rules")
    SCC = "scc", _("Art. 46(2)(c) Commission standard contractual clauses")
    SA_SCC = "sa_scc", _("Art. 46(2)(d) SCCs adopted by a supervisory authority")
    CODE_OF_CONDUCT = "code_of_conduct", _("Art. 46(2)(e) approved code of conduct")
    CERTIFICATION = "certification", _("Art. 46(2)(f) approved certification")
    AD_HOC_CLAUSES = "ad_hoc_clauses", _("Art. 46(3)(a) authorised ad hoc contractual clauses")
    ADMIN_ARRANGEMENT = "administrative_arrangement", _("Art. 46(3)(b) authorised administrative arrangement")
    DEROGATION_CONSENT = "derogation_consent", _("Art. 49(1)(a) derogation: explicit consent")
    DEROGATION_CONTRACT = "derogation_contract", _("Art. 49(1)(b) derogation: contract with the data subject")
    DEROGATION_CONTRACT_INTEREST = (
        "derogation_contract_interest",
        _("Art. 49(1)(c) derogation: contract in the data subject's interest"),
    )
    DEROGATION_PUBLIC_INTEREST = "derogation_public_interest", _("Art. 49(1)(d) derogation: public interest")
    DEROGATION_LEGAL_CLAIMS = "derogation_legal_claims", _("Art. 49(1)(e) derogation: legal claims")
    DEROGATION_VITAL_INTERESTS = "derogation_vital_interests", _("Art. 49(1)(f) derogation: vital interests")
    DEROGATION_PUBLIC_REGISTER = "derogation_public_register", _("Art. 49(1)(g) derogation: public register")
    COMPELLING_LEGITIMATE_INTERESTS = (
        "compelling_legitimate_interests",
        _("Art. 49(1) second subparagraph: compelling legitimate interests"),
    )


DEROGATIONS = frozenset(
    {
        TransferMechanism.DEROGATION_CONSENT,
        TransferMechanism.DEROGATION_CONTRACT,
        TransferMechanism.DEROGATION_CONTRACT_INTEREST,
        TransferMechanism.DEROGATION_PUBLIC_INTEREST,
        TransferMechanism.DEROGATION_LEGAL_CLAIMS,
        TransferMechanism.DEROGATION_VITAL_INTERESTS,
        TransferMechanism.DEROGATION_PUBLIC_REGISTER,
        TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS,
    }
)
# Recital 111 and Art. 49(1) second subparagraph limit these to occasional ("not repetitive") transfers in the
# text itself; the other derogations are only to be read restrictively (EDPB Guidelines 2/2018).
OCCASIONAL_ONLY_DEROGATIONS = frozenset(
    {
        TransferMechanism.DEROGATION_CONTRACT,
        TransferMechanism.DEROGATION_CONTRACT_INTEREST,
        TransferMechanism.DEROGATION_LEGAL_CLAIMS,
        TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS,
    }
)
# Art. 46(3): safeguards that need the competent supervisory authority's authorisation.
AUTHORISED_SAFEGUARDS = frozenset({TransferMechanism.AD_HOC_CLAUSES, TransferMechanism.ADMIN_ARRANGEMENT})

# W3C DPV identifiers (GDPR extension) for the stable keys above.
DPV = {
    LawfulBasis.CONSENT: "A6-1-a",
    LawfulBasis.CONTRACT: "A6-1-b",
    LawfulBasis.LEGAL_OBLIGATION: "A6-1-c",
    LawfulBasis.VITAL_INTERESTS: "A6-1-d",
    LawfulBasis.PUBLIC_TASK: "A6-1-e",
    LawfulBasis.LEGITIMATE_INTERESTS: "A6-1-f",
    **{f"art9:{c.value}": f"A9-2-{c.value}" for c in Art9Condition},
    TransferMechanism.ADEQUACY: "A45-3",
    TransferMechanism.PUBLIC_BODIES: "A46-2-a",
    TransferMechanism.BCR: "A46-2-b",
    TransferMechanism.SCC: "A46-2-c",
    TransferMechanism.SA_SCC: "A46-2-d",
    TransferMechanism.CODE_OF_CONDUCT: "A46-2-e",
    TransferMechanism.CERTIFICATION: "A46-2-f",
    TransferMechanism.AD_HOC_CLAUSES: "A46-3-a",
    TransferMechanism.ADMIN_ARRANGEMENT: "A46-3-b",
    TransferMechanism.DEROGATION_CONSENT: "A49-1-a",
    TransferMechanism.DEROGATION_CONTRACT: "A49-1-b",
    TransferMechanism.DEROGATION_CONTRACT_INTEREST: "A49-1-c",
    TransferMechanism.DEROGATION_PUBLIC_INTEREST: "A49-1-d",
    TransferMechanism.DEROGATION_LEGAL_CLAIMS: "A49-1-e",
    TransferMechanism.DEROGATION_VITAL_INTERESTS: "A49-1-f",
    TransferMechanism.DEROGATION_PUBLIC_REGISTER: "A49-1-g",
    TransferMechanism.COMPELLING_LEGITIMATE_INTERESTS: "A49-2",
}


def dpv_iri(key: str) -> str | None:
    """The full DPV IRI of a lawful basis or transfer mechanism key, or of `art9:<letter>`."""
    ident = DPV.get(key)
    return f"{DPV_GDPR}{ident}" if ident else None


class RetentionUnit(models.TextChoices):
    DAYS = "days", _("days")
    MONTHS = "months", _("months")
    YEARS = "years", _("years")


class RetentionEvent(models.TextChoices):
    """The event from which a retention period runs."""

    COLLECTION = "collection", _("collection of the data")
    LAST_ACTIVITY = "last_activity", _("the data subject's last activity")
    END_OF_CONTRACT = "end_of_contract", _("end of the contract or account closure")
    TRANSACTION = "transaction", _("the transaction")
    END_OF_FINANCIAL_YEAR = "end_of_financial_year", _("end of the financial year")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("withdrawal of consent")
    CASE_CLOSED = "case_closed", _("closure of the case or request")
    OTHER = "other", _("another event (described in the note)")


class DPIAStatus(models.TextChoices):
    NOT_SCREENED = "not_screened", _("Not screened")
    NOT_REQUIRED = "not_required", _("Screened: not required")
    REQUIRED = "required", _("Required, not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class DPIACriterion(models.TextChoices):
    """DPIA screening: the Art. 35(3) cases and the WP248 criteria."""

    A35_3_A = "art35_3_a", _("Art. 35(3)(a) systematic, extensive automated evaluation with significant effects")
    A35_3_B = "art35_3_b", _("Art. 35(3)(b) large-scale Art. 9 or Art. 10 data")
    A35_3_C = "art35_3_c", _("Art. 35(3)(c) large-scale monitoring of a publicly accessible area")
    A35_4 = "art35_4", _("Art. 35(4) on the supervisory authority's list of processing requiring a DPIA")
    EVALUATION = "wp248_1", _("WP248 1: evaluation or scoring, including profiling")
    AUTOMATED_DECISION = "wp248_2", _("WP248 2: automated decision-making with legal or similar effect")
    MONITORING = "wp248_3", _("WP248 3: systematic monitoring")
    SENSITIVE = "wp248_4", _("WP248 4: sensitive or highly personal data")
    LARGE_SCALE = "wp248_5", _("WP248 5: large scale")
    MATCHING = "wp248_6", _("WP248 6: matching or combining datasets")
    VULNERABLE = "wp248_7", _("WP248 7: vulnerable data subjects")
    INNOVATIVE = "wp248_8", _("WP248 8: innovative use of technology")
    PREVENTS_RIGHTS = "wp248_9", _("WP248 9: prevents exercising a right or using a service")


ART35_3_CRITERIA = frozenset({DPIACriterion.A35_3_A, DPIACriterion.A35_3_B, DPIACriterion.A35_3_C})
# Cases where the GDPR or the authority decides that a DPIA is required: no screening can conclude otherwise.
DPIA_MANDATORY_CRITERIA = ART35_3_CRITERIA | {DPIACriterion.A35_4}


class SecurityMeasureKind(models.TextChoices):
    TECHNICAL = "technical", _("Technical")
    ORGANISATIONAL = "organisational", _("Organisational")


class FindingSeverity(models.TextChoices):
    """How serious a compliance finding is; `check_register` fails on errors."""

    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")
    INFO = "info", _("Information")


class FindingStatus(models.TextChoices):
    """How the DPO handles one compliance finding. Accepted and waived findings stay in every report, marked."""

    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted (risk taken knowingly)")
    WAIVED = "waived", _("Waived (does not apply)")
