"""Record each adequacy decision's scope limit as data, and the DPO decision of organisations that name a DPO.

Decisions covering only a sector or a kind of processing get `scope_limit` (and their scope note says what the
decision says); organisations that already record a DPO's name or contact are marked as having designated one.
Every changed row gets a history row with this migration's reason.
"""

from django.db import migrations

from ropa.seeding import ROPA, amend

REASON = "Adequacy decisions' scope limits and DPO designation recorded by migration 0006"

SCOPES = {
    "ca": {"scope_limit": "pipeda",
           "scope_note": "Only recipients subject to the Personal Information Protection and Electronic Documents Act "
                         "(PIPEDA): private-sector organisations in the course of commercial activities."},
    "jp": {"scope_limit": "appi",
           "scope_note": "Only personal information handling business operators under the Act on the Protection of "
                         "Personal Information (APPI), with the PPC's Supplementary Rules; the public sector is not "
                         "covered."},
    "il": {"scope_limit": "automated_processing",
           "scope_note": "Automated international transfers, and non-automated ones that are further processed by "
                         "automated means in Israel; manual databases are not covered."},
    "gb": {"scope_limit": "not_uk_immigration_control",
           "scope_note": "Four-year sunset, technically extended to 27 December 2025, then renewed. Does not cover "
                         "personal data transferred for UK immigration control, or otherwise within the immigration "
                         "exemption of the Data Protection Act 2018 (Schedule 2, paragraph 4(1))."},
    "kr": {"scope_limit": "pipa",
           "scope_note": "Controllers subject to the Personal Information Protection Act (PIPA), public and private. "
                         "Not covered: credit information processed under the Credit Information Act by entities the "
                         "Financial Services Commission supervises, processing by religious organisations for "
                         "missionary activities and by political parties for nominating candidates."},
}


def record(apps, schema_editor):
    amend(apps, "AdequacyDecision", SCOPES, REASON)
    organisation = apps.get_model(ROPA, "Organisation")
    named = organisation.objects.exclude(dpo_name="", dpo_email="", dpo_phone="").filter(
        dpo_designation="not_assessed"
    )
    amend(apps, "Organisation", {pk: {"dpo_designation": "designated"} for pk in named.values_list("pk", flat=True)},
          REASON, key="pk")


class Migration(migrations.Migration):
    dependencies = [("ropa", "0005_checks_dpo_art22_art26_scope")]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
