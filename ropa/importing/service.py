"""Importing a register: the one function the admin, the API and the command call.

Everything happens in one transaction under one change context ("imported from <file> (sha256 …)", the importing
user): drafts are read, each activity is matched (by reference, else by name), validated by the model
(`full_clean()`) and saved, and its relations are written by the API's nested writer (`ropa.api.relations`), which
matches rows by natural key and saves only what differs. A dry run does exactly the same and rolls back, so its
report is what the import would do; a confirmed import with any error is rolled back too — all rows or none.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from ropa.api.exceptions import error_dict
from ropa.api.relations import write_relation
from ropa.choices import RecipientRole
from ropa.history import change_context
from ropa.models import ACTIVITY_RELATIONS, Organisation, ProcessingActivity, ThirdParty
from ropa.models.base import clean_and_save

from .drafts import ActivityDraft, Choices, RowDraft, drafts_of
from .files import ImportFileError, read_file
from .report import ImportReport, RowReport
from .vocabulary import CATALOGUES, Vocabulary

__all__ = ["ImportFileError", "import_register", "reason_for"]

SKIPPED_FIELDS = {"reference"}  # set when the activity is created, then used to find it, never changed


def reason_for(name: str, digest: str) -> str:
    return f"imported from {name} (sha256 {digest})"


class _Rollback(Exception):
    """Raised inside the transaction to undo it (dry run, or a confirmed import with errors)."""


def import_register(
    organisation: Organisation,
    name: str,
    data: bytes,
    user: Any = None,
    dry_run: bool = True,
    choices: Choices | None = None,
    progress: Any = None,
) -> ImportReport:
    """Read `data`, map it, and write it into `organisation`'s register — or, on a dry run or any error, report
    what would happen and write nothing. Never raises for bad input: the report carries the errors."""
    digest = hashlib.sha256(data).hexdigest()
    report = ImportReport(file=name, sha256=digest, dry_run=dry_run)
    try:
        source = read_file(name, data)
    except ImportFileError as exc:
        report.fail(str(exc))
        return report
    report.format = source.kind
    report.notices.extend(source.notices)
    try:
        with change_context(reason_for(name, digest), user=user), transaction.atomic():
            _run(organisation, source, user, choices or {}, report, progress)
            if dry_run or report.has_errors:
                raise _Rollback
            report.committed = True
    except _Rollback:
        pass
    except ImportFileError as exc:
        report.fail(str(exc))
    return report


def _run(organisation, source, user, choices, report: ImportReport, progress) -> None:
    vocabulary = Vocabulary(user)
    creator = _Creator(user, vocabulary)
    drafts = drafts_of(source, vocabulary, choices, creator, report.notices)
    writer = _Writer(organisation)
    duplicates = _duplicates(drafts)
    for position, draft in enumerate(drafts, 1):
        row_report = RowReport.of(draft.row)
        if draft.row.where in duplicates:
            row_report.add_error(duplicates[draft.row.where])
        elif not draft.row.errors:
            writer.write(draft, row_report)
        report.rows.append(row_report)
        if progress:
            progress(position, len(drafts))


def _duplicates(drafts: list[ActivityDraft]) -> dict[Any, tuple[str, str]]:
    """Rows stating a reference (or, without one, a name) an earlier row of the file already stated."""
    seen: dict[tuple[str, str], Any] = {}
    found = {}
    for draft in drafts:
        key = ("reference", draft.reference) if draft.reference else ("name", draft.name.casefold())
        if not key[1]:
            continue
        if key in seen:
            column = draft.row.columns.get(key[0], key[0])
            found[draft.row.where] = (column, f"Duplicate {key[0]} {key[1]!r}: already on {seen[key]}.")
        else:
            seen[key] = draft.row.where
    return found


class _Creator:
    """Creates the entry an unmapped value stands for when the user chose "create": a catalogue entry (only for the
    DPO: `add_<entry>` permission) or a third party (`add_thirdparty`, as in the admin), validated by the model like
    any other write and in the import's history."""

    def __init__(self, user: Any, vocabulary: Vocabulary) -> None:
        self.user, self.vocabulary = user, vocabulary

    def __call__(self, kind: str, value: str, row: RowDraft, column: str, target: str = ""):
        model = CATALOGUES.get(kind, ThirdParty)
        permission = f"{model._meta.app_label}.add_{model._meta.model_name}"
        if self.user is None or not self.user.has_perm(permission):
            who = "a DPO" if kind in CATALOGUES else "a user who may add third parties"
            row.error(
                column,
                f"Only {who} can create a {model._meta.verbose_name} ({value!r}): map the value to an "
                "existing entry or keep it as text.",
            )
            return None
        entry = self._catalogue_entry(kind, value) if kind in CATALOGUES else self._third_party(value, target, row)
        if entry is None:
            row.error(column, _party_needs_country(value))
            return None
        try:
            entry.full_clean()
            entry.save()
        except ValidationError as exc:
            row.error(column, f"{value!r} cannot become a {model._meta.verbose_name}: {'; '.join(exc.messages)}")
            return None
        self.vocabulary.add(kind, entry)
        return entry

    @staticmethod
    def _catalogue_entry(kind: str, value: str):
        key = re.sub(r"_+", "_", slugify(value).replace("-", "_"))[:100] or "entry"
        extra = {"kind": "organisational"} if kind == "security_measures" else {}
        return CATALOGUES[kind](key=key, name=value[:200], **extra)

    def _third_party(self, value: str, target: str, row: RowDraft) -> ThirdParty | None:
        """ "Name (Legal entity, Country)" as the exports write a party; the country may instead be the user's choice
        ("create:<country>"). Without a role in the cell, its default role is processor (the report says so)."""
        found = re.match(r"^(?P<name>[^()]+?)\s*\((?P<inner>[^()]*)\)\s*$", value)
        name, inner = (found["name"], [p.strip() for p in found["inner"].split(",")]) if found else (value, [])
        country = row.map("country", target, "", quiet=True) if target else None
        for part in inner[1:] if country is None else ():
            country = row.map("country", part, "", quiet=True) or country
        if not country:
            return None
        legal_entity = inner[0] if inner and inner[0] else name
        return ThirdParty(
            name=name.strip()[:200],
            legal_entity=legal_entity[:200],
            country=country,
            default_role=RecipientRole.PROCESSOR,
        )


def _party_needs_country(value: str) -> str:
    return (
        f"To create the third party {value!r}, name its country of establishment: write the cell as "
        '"Name (Legal entity, Country)", or choose "create" with the country as the target.'
    )


class _Writer:
    """Writes drafts into one organisation, matching each to an activity by reference, else by name."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        activities = list(ProcessingActivity.objects.filter(organisation=organisation))
        self.by_reference = {a.reference: a for a in activities}
        self.by_name = {a.name.casefold(): a for a in activities}
        self.next_number = len(activities) + 1

    def _find(self, draft: ActivityDraft) -> ProcessingActivity | None:
        if draft.reference:
            return self.by_reference.get(draft.reference)
        return self.by_name.get(draft.name.casefold())

    def _new_reference(self) -> str:
        while f"IMP-{self.next_number:03d}" in self.by_reference:
            self.next_number += 1
        return f"IMP-{self.next_number:03d}"

    def write(self, draft: ActivityDraft, report: RowReport) -> None:
        found = self._find(draft)
        created = found is None
        activity = found or ProcessingActivity(
            organisation=self.organisation, reference=draft.reference or self._new_reference()
        )
        try:
            with transaction.atomic():
                changed = self._save_activity(activity, draft.row.fields, created, report)
                changed += self._save_relations(activity, draft.row, report)
                if report.errors:
                    raise _Rollback
        except _Rollback:
            return
        self.by_reference[activity.reference] = activity
        self.by_name[activity.name.casefold()] = activity
        report.reference = activity.reference
        report.action = "created" if created else ("updated" if changed else "unchanged")
        report.changes = changed

    def _save_activity(self, activity: ProcessingActivity, fields: dict, created: bool, report: RowReport) -> list:
        changed = [n for n, v in fields.items() if n not in SKIPPED_FIELDS and getattr(activity, n) != v]
        for name in changed:
            setattr(activity, name, fields[name])
        if not created and not changed:
            return []
        try:
            # The organisation was read in this transaction: its existence is not queried again per row.
            clean_and_save(activity, None if created else changed, exists=("organisation",))
        except ValidationError as exc:
            report.add_model_errors(error_dict(exc), report.columns)
        return changed

    def _save_relations(self, activity: ProcessingActivity, row: RowDraft, report: RowReport) -> list:
        changed = []
        for model in ACTIVITY_RELATIONS:
            relation = model.relation
            if relation.name not in row.carried or activity.pk is None:
                continue
            # Every entry the items refer to came from the vocabulary, read in this transaction (`_run`).
            relation_changed, errors = write_relation(
                activity, relation, row.relations.get(relation.name, []), references_read=True
            )
            if relation_changed:
                changed.append(relation.name)
            for errs in errors.values():
                report.add_model_errors({f"{relation.name}.{k}": v for k, v in errs.items()}, report.columns)
        return changed
