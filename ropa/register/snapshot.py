"""Plain, immutable data of one organisation's register at one moment.

Nothing here touches the database: a `Register` is built once (see `build.py`) and then read by renderers, checks
and the diff. Values are stable keys (choices' values, ISO country codes); labels are looked up by the reader.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from ropa import rules
from ropa.choices import ActivityStatus, OrganisationRole, Sensitivity
from ropa.countries import is_eea


@dataclass(frozen=True)
class OrganisationView:
    id: int
    name: str
    trade_name: str
    registration_number: str
    address: str
    country: str
    email: str
    phone: str
    website: str
    dpo_name: str
    dpo_email: str
    dpo_phone: str
    representative_name: str
    representative_contact: str
    lead_supervisory_authority: str
    headcount: int | None
    is_public_body: bool
    version: int
    created_at: dt.datetime | None = None
    dpo_designation: str = "not_assessed"
    dpo_not_required_reason: str = ""


@dataclass(frozen=True)
class CatalogueItem:
    """A catalogue entry as referenced by an activity (purpose, data subject category…).

    Like every relation view, `id` is the relation row's; the catalogue entry's own id is `entry_id`."""

    id: int
    entry_id: int
    key: str
    name: str
    details: str = ""
    vulnerable: bool = False


@dataclass(frozen=True)
class ThirdPartyView:
    id: int
    name: str
    legal_entity: str
    country: str
    address: str
    contact_email: str
    processing_locations: tuple[str, ...]
    default_role: str
    dpa_reference: str
    dpa_date: dt.date | None
    dpf_certified: bool
    certifications: str
    privacy_policy_url: str
    opt_out_url: str
    notes: str
    version: int
    dpf_verified_on: dt.date | None = None
    aliases: str = ""

    @property
    def alias_list(self) -> tuple[str, ...]:
        """The other names a notice may use for this party, one a line in the record."""
        return tuple(line.strip() for line in self.aliases.splitlines() if line.strip())

    @property
    def outside_eea(self) -> bool:
        """Established or processing outside the EEA."""
        return not is_eea(self.country) or any(not is_eea(c) for c in self.processing_locations)


@dataclass(frozen=True)
class DataCategoryUse:
    """A data category of an activity with its own retention and, where needed, its Art. 9 / Art. 10 ground."""

    id: int
    entry_id: int
    key: str
    name: str
    sensitivity: str
    parent_key: str | None
    retention_period: int | None
    retention_unit: str
    retention_event: str
    retention_note: str
    art9_condition: str
    art10_authority: str
    law_reference: str = ""

    @property
    def is_special(self) -> bool:
        return self.sensitivity == Sensitivity.SPECIAL

    @property
    def is_criminal(self) -> bool:
        return self.sensitivity == Sensitivity.CRIMINAL


@dataclass(frozen=True)
class LegalBasisView:
    id: int
    purpose_key: str
    purpose_name: str
    basis: str
    legitimate_interest: str
    assessment_reference: str
    consent_record: str
    law_reference: str
    parental_consent_record: str = ""


@dataclass(frozen=True)
class RecipientView:
    id: int
    third_party: ThirdPartyView
    role: str
    data_shared: str
    purpose: str
    arrangement_reference: str = ""
    arrangement_essence_location: str = ""
    authorisation_reference: str = ""


@dataclass(frozen=True)
class TransferView:
    id: int
    third_party: ThirdPartyView
    destination_country: str
    international_organisation: str
    mechanism: str
    safeguard_reference: str
    tia_reference: str
    derogation_assessment: str
    occasional: bool
    adequacy_scope_confirmed: bool = False
    supervisory_authority_reference: str = ""

    @property
    def destination(self) -> str:
        return self.destination_country or self.international_organisation


@dataclass(frozen=True)
class SecurityMeasureUse:
    id: int
    entry_id: int
    key: str
    name: str
    kind: str
    details: str


@dataclass(frozen=True)
class ControllerView:
    """A controller the organisation acts for (processor activity) or a joint controller."""

    id: int
    third_party: ThirdPartyView
    arrangement_reference: str
    processing_carried_out: str
    controller_representative: str = ""
    controller_dpo: str = ""


@dataclass(frozen=True)
class ActivityView:
    id: int
    reference: str
    name: str
    description: str
    role: str
    status: str
    business_function: str
    systems: str
    data_source: str
    data_locations: str
    recipients_statement: str
    data_subject_rights: str
    automated_decision_making: bool
    profiling: bool
    automated_decision_details: str
    art22_exception: str
    art22_safeguards: str
    dpia_screening: tuple[str, ...]
    dpia_status: str
    dpia_reference: str
    breach_reference: str
    last_reviewed_on: dt.date | None
    next_review_due: dt.date | None
    version: int
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    purposes: tuple[CatalogueItem, ...] = ()
    data_subjects: tuple[CatalogueItem, ...] = ()
    data_categories: tuple[DataCategoryUse, ...] = ()
    legal_bases: tuple[LegalBasisView, ...] = ()
    recipients: tuple[RecipientView, ...] = ()
    transfers: tuple[TransferView, ...] = ()
    security_measures: tuple[SecurityMeasureUse, ...] = ()
    controllers: tuple[ControllerView, ...] = ()

    @property
    def is_retired(self) -> bool:
        return self.status == ActivityStatus.RETIRED

    @property
    def has_special_data(self) -> bool:
        return any(c.is_special for c in self.data_categories)

    @property
    def has_criminal_data(self) -> bool:
        return any(c.is_criminal for c in self.data_categories)

    def review_overdue(self, today: dt.date) -> bool:
        return bool(not self.is_retired and self.next_review_due and self.next_review_due < today)


@dataclass(frozen=True)
class AdequacyView:
    id: int
    key: str
    name: str
    country: str
    international_organisation: str
    reference: str
    in_force_from: dt.date
    ended_on: dt.date | None
    requires_certification: bool
    scope_note: str
    scope_limit: str = ""


@dataclass(frozen=True)
class NoticeView:
    """A privacy notice as published (ropa.models.PrivacyNotice), or any text compared with the register."""

    id: int | None
    version_label: str
    language: str
    published_on: dt.date | None
    url: str
    format: str
    text: str
    sha256: str = ""


@dataclass(frozen=True)
class Register:
    """One organisation's register, live (`as_of` None) or as it stood at `as_of`.

    `organisation` is None when the organisation did not exist yet at `as_of`; `note` then says so.
    `third_parties` holds those the organisation's activities name and those no activity names at all — never
    another organisation's vendors.
    """

    organisation: OrganisationView | None
    generated_at: dt.datetime
    as_of: dt.datetime | None
    activities: tuple[ActivityView, ...]
    third_parties: tuple[ThirdPartyView, ...]
    adequacy_decisions: tuple[AdequacyView, ...]
    note: str = ""
    # The notice the notice rules compare with (ropa.checks.notice): None unless a caller attaches one
    # (`ropa.notice.compare.with_notice`), so building a register costs no query for it.
    notice: NoticeView | None = None

    @property
    def effective_date(self) -> dt.date:
        """The date rules are judged on: the as-of date, or the generation date for a live register."""
        return timezone.localdate(self.as_of or self.generated_at)

    def reported_activities(self, include_retired: bool = False) -> tuple[ActivityView, ...]:
        return tuple(a for a in self.activities if include_retired or not a.is_retired)

    def controller_activities(self, include_retired: bool = False) -> tuple[ActivityView, ...]:
        """Art. 30(1): activities where the organisation is controller or joint controller."""
        return tuple(a for a in self.reported_activities(include_retired) if a.role != OrganisationRole.PROCESSOR)

    def processor_activities(self, include_retired: bool = False) -> dict[ThirdPartyView | None, list[ActivityView]]:
        """Art. 30(2): activities done as processor, grouped by the controller they are done for."""
        groups: dict[ThirdPartyView | None, list[ActivityView]] = {}
        for a in self.reported_activities(include_retired):
            if a.role != OrganisationRole.PROCESSOR:
                continue
            for c in a.controllers or (None,):
                groups.setdefault(c.third_party if c else None, []).append(a)
        return groups

    @property
    def org(self) -> OrganisationView:
        """The organisation, for readers of a register that has one (the checks run only on those)."""
        if self.organisation is None:
            raise ValueError(self.note or "This register has no organisation at that date.")
        return self.organisation

    def activity(self, reference: str) -> ActivityView | None:
        return next((a for a in self.activities if a.reference == reference), None)

    def adequacy_covers(self, country: str, organisation: str = "", certified: bool | None = None) -> bool:
        return rules.adequacy_covers(self.adequacy_decisions, self.effective_date, country, organisation, certified)

    def adequacy_scope_limits(self, country: str, organisation: str = "") -> list[str]:
        return rules.scope_limits(self.adequacy_decisions, self.effective_date, country, organisation)

    def adequacy_needs_certification(self, country: str, organisation: str = "") -> bool:
        return rules.certification_relied_on(self.adequacy_decisions, self.effective_date, country, organisation)
