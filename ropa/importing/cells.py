"""How a spreadsheet cell is read back into an activity: the `parse` part of a column declaration.

The sheet declarations (`ropa.reports.sheets`) say, per column, how its cell is written; the readers here say what
the same cell sets when a register comes back in. They hold no knowledge of the catalogues or of the GDPR: a
reader splits the cell into values and asks the row (`drafts.RowDraft`) to map each one through the vocabulary
(`vocabulary.py`), which reports its confidence, or lists it as unmapped. This module imports no models, so the
report declarations can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

from ropa.choices import OrganisationRole, RecipientRole

__all__ = [
    "Automated",
    "Bases",
    "Breach",
    "Choice",
    "ControllerField",
    "DPIARequired",
    "Date",
    "Entries",
    "JointControllers",
    "KeptAsText",
    "Locations",
    "PerBasis",
    "ProcessedFor",
    "ProcessorContracts",
    "ProcessorTransfers",
    "Recipients",
    "Retention",
    "SpecialGrounds",
    "Text",
    "TransferSafeguards",
    "Transfers",
    "split_values",
]

_PREFIX = re.compile(r"^(?P<head>[^:]{1,200}):\s+(?P<rest>.+)$", re.S)
_TRAILING_BRACKET = re.compile(r"\s*[\[(][^\[\]()]*[\])]\s*$")
_DESTINATION = re.compile(r"^(?P<where>.+?)\s*\((?P<who>[^()]+)\)$")  # "United States (Mailchimp)"


class Row(Protocol):
    """What a reader needs of the row it fills in (implemented by `ropa.importing.drafts.RowDraft`)."""

    fields: dict[str, Any]
    carried: set[str]

    def items(self, relation: str) -> list[dict[str, Any]]: ...
    def map(self, kind: str, value: Any, column: str, quiet: bool = False, text_field: str = "description") -> Any: ...
    def keep_as_text(self, column: str, value: str, field: str = "description") -> None: ...
    def error(self, column: str, message: str) -> None: ...
    def note(self, column: str, value: str, outcome: str, confidence: float = 1.0) -> None: ...


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def split_values(line: str) -> list[str]:
    """A line of several values ("Name, email address and IP address"), split on `,`, `;` and "and" outside
    brackets."""
    parts, depth, current = [], 0, ""
    for char in line:
        depth += 1 if char in "([" else -1 if char in ")]" else 0
        if char in ",;" and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    values = [v for part in parts for v in ([part] if "(" in part else re.split(r"\s+and\s+", part))]
    return [v.strip() for v in values if v.strip()]


def head_and_rest(line: str) -> tuple[str, str]:
    """ "Name: details" → ("Name", "details"); a line without a prefix → (line, "")."""
    match = _PREFIX.match(line)
    return (match["head"].strip(), match["rest"].strip()) if match else (line, "")


def category_named(row: Row, head: str, column: str) -> Any:
    """The data category a line's prefix names, as written or without the label an export adds after it."""
    for candidate in dict.fromkeys((head, without_label(head))):
        entry = row.map("data_categories", candidate, column, quiet=True)
        if entry is not None:
            return entry
    return None


def without_label(text: str) -> str:
    """ "Health data [Special category (Art. 9)]" → "Health data": the label an export adds after a name."""
    return _TRAILING_BRACKET.sub("", text).strip() or text


@dataclass(frozen=True)
class Text:
    """A text field of the activity, taken as it stands."""

    @property
    def writes(self) -> tuple[str, ...]:
        return (self.field,)

    field: str

    def apply(self, text: str, row: Row, column: str) -> None:
        row.fields[self.field] = text.strip()


@dataclass(frozen=True)
class KeptAsText:
    """A column the register has no field for (the UK Schedule 1 columns of the ICO template): what the cell says is
    kept as text on the activity (its description, as "Column: text"), never dropped."""

    writes = ("description",)

    def apply(self, text: str, row: Row, column: str) -> None:
        if text.strip():
            row.keep_as_text(column, text.strip())


@dataclass(frozen=True)
class Locations:
    """Where the data are: the activity's own statement. Lines naming one of the row's recipients ("Sentry: United
    States of America") are that third party's processing locations, which the export adds from the third party's
    record: they are not the activity's words, so they are not read into its statement."""

    writes = ("data_locations",)

    def apply(self, text: str, row: Row, column: str) -> None:
        recipients = [item["third_party"] for item in row.items("recipients")]
        own = []
        for line in lines_of(text):
            head, rest = head_and_rest(line)
            party = row.map("third_party", head, column, quiet=True) if rest else None
            if party is None or party not in recipients:
                own.append(line)
        row.fields["data_locations"] = "\n".join(own)


@dataclass(frozen=True)
class Choice:
    """A field with choices, written by its label ("Active") or its stored value ("active")."""

    @property
    def writes(self) -> tuple[str, ...]:
        return (self.field,)

    field: str
    kind: str

    def apply(self, text: str, row: Row, column: str) -> None:
        if text.strip():
            value = row.map(self.kind, text.strip(), column)
            if value is not None:
                row.fields[self.field] = value


@dataclass(frozen=True)
class Date:
    """A date: ISO 8601, a spreadsheet date, or a day-month-year that only reads one way."""

    @property
    def writes(self) -> tuple[str, ...]:
        return (self.field,)

    field: str

    def apply(self, text: str, row: Row, column: str) -> None:
        row.fields[self.field] = row.map("date", text.strip(), column) if text.strip() else None


@dataclass(frozen=True)
class Entries:
    """Catalogue entries of a relation ("Name, email address"), with details after a colon where the
    relation has them ("Providing the service: account creation")."""

    @property
    def owns(self) -> tuple[str, ...]:
        return (self.relation,)

    @property
    def writes(self) -> tuple[str, ...]:
        return (self.relation, f"{self.relation}.{self.reference}", f"{self.relation}.{self.details}")

    relation: str
    reference: str
    details: str = ""

    def apply(self, text: str, row: Row, column: str) -> None:
        items = row.items(self.relation)
        for line in lines_of(text):
            for entry, details in self._entries(line, row, column):
                if entry is not None and all(i[self.reference] != entry for i in items):
                    item = {self.reference: entry}
                    if self.details:
                        item[self.details] = details
                    items.append(item)

    def _entries(self, line: str, row: Row, column: str) -> list[tuple[Any, str]]:
        head, rest = head_and_rest(line) if self.details else (line, "")
        for candidate in dict.fromkeys((line, head, without_label(head))):
            entry = row.map(self.relation, candidate, column, quiet=True)
            if entry is not None:
                return [(row.map(self.relation, candidate, column), rest if candidate != line else "")]
        return [(row.map(self.relation, value, column), "") for value in split_values(line)]


def _status(text: str) -> str:
    return text.strip().lower()


@dataclass(frozen=True)
class Retention:
    """Retention per data category ("Email address: 2 years from …"), or one rule for all of the row's
    categories. The words are kept as the note, and parsed into period, unit and event where they say one."""

    writes = tuple(f"data_categories.retention_{f}" for f in ("period", "unit", "event", "note"))

    def apply(self, text: str, row: Row, column: str) -> None:
        categories = row.items("data_categories")
        prefixed = {}
        for line in lines_of(text):
            head, rest = head_and_rest(line)
            entry = category_named(row, head, column) if rest else None
            if entry is not None:
                prefixed[entry] = rest
        if not prefixed and text.strip():
            prefixed = {item["data_category"]: text.strip() for item in categories}
            if not categories:
                row.keep_as_text(column, text.strip())
        for item in categories:
            if item["data_category"] in prefixed:
                item.update(row.map("retention", prefixed[item["data_category"]], column))


@dataclass(frozen=True)
class Bases:
    """The Art. 6 basis of each purpose ("Providing the service: Art. 6(1)(b) contract"), or one basis for all of
    the row's purposes ("Consent")."""

    owns = ("legal_bases",)
    writes = ("legal_bases", "legal_bases.purpose", "legal_bases.basis")

    def apply(self, text: str, row: Row, column: str) -> None:
        bases = row.items("legal_bases")
        purposes = [item["purpose"] for item in row.items("purposes")]
        for line in lines_of(text):
            head, rest = head_and_rest(line)
            purpose = row.map("purposes", head, column, quiet=True) if rest else None
            for value in [rest] if purpose is not None else split_values(line):
                basis = row.map("basis", value, column)
                targets = [purpose] if purpose is not None else purposes
                if basis is not None and not targets:
                    row.keep_as_text(column, value)
                bases.extend({"purpose": p, "basis": basis} for p in targets if basis is not None)


@dataclass(frozen=True)
class PerBasis:
    """A field of the legal bases: per purpose ("Analytics: improving the app"), else for every basis of the
    row that needs it (`only`: the basis it belongs to, e.g. legitimate interests)."""

    @property
    def writes(self) -> tuple[str, ...]:
        return (f"legal_bases.{self.field}",)

    field: str
    only: str = ""

    def apply(self, text: str, row: Row, column: str) -> None:
        bases = [b for b in row.items("legal_bases") if not self.only or b["basis"] == self.only]
        lines = lines_of(text)
        unprefixed = []
        for line in lines:
            head, rest = head_and_rest(line)
            purpose = row.map("purposes", head, column, quiet=True) if rest else None
            matching = [b for b in bases if b["purpose"] == purpose] if purpose is not None else []
            for basis in matching:
                basis[self.field] = rest
            if not matching:
                unprefixed.append(line)
        if unprefixed and bases and len(unprefixed) == len(bases) and len(bases) > 1:
            for basis, line in zip(bases, unprefixed, strict=True):
                basis[self.field] = line
        elif unprefixed and bases:
            for basis in bases:
                basis[self.field] = "\n".join(unprefixed)
        elif unprefixed:
            row.keep_as_text(column, "\n".join(unprefixed))


@dataclass(frozen=True)
class Recipients:
    """Recipients by name ("Mailchimp (The Rocket Science Group LLC) — Processor"); lines naming no known third
    party are the categories of recipients in words (the activity's recipients statement) unless the user maps
    them."""

    owns = ("recipients",)
    writes = ("recipients", "recipients.third_party", "recipients.role", "recipients_statement")

    def apply(self, text: str, row: Row, column: str) -> None:
        items = row.items("recipients")
        for line in lines_of(text):
            name, _, role = line.partition(" — ")
            party = row.map("third_party", name.strip(), column, text_field="recipients_statement")
            if party is None or any(i["third_party"] == party for i in items):
                continue
            mapped_role = row.map("role", role.strip(), column, quiet=True) if role.strip() else None
            items.append({"third_party": party, "role": mapped_role or party.default_role})


@dataclass(frozen=True)
class Transfers:
    """Destinations ("United States (Mailchimp)", "USA"): a country, and the recipient it goes to — named in
    brackets, else the row's only recipient."""

    owns = ("transfers",)
    writes = (
        "transfers",
        "transfers.third_party",
        "transfers.destination_country",
        "transfers.international_organisation",
    )

    def apply(self, text: str, row: Row, column: str) -> None:
        items = row.items("transfers")
        for line in lines_of(text):
            match = _DESTINATION.match(line)
            where, who = (match["where"], match["who"]) if match else (line, "")
            for destination in [where] if who else split_values(where):
                self._add(items, destination, who, row, column)

    @staticmethod
    def _add(items: list[dict], destination: str, who: str, row: Row, column: str) -> None:
        recipients = [i["third_party"] for i in row.items("recipients")]
        party = row.map("third_party", who, column) if who else (recipients[0] if len(recipients) == 1 else None)
        country = row.map("country", destination, column, quiet=bool(who))
        if party is None:
            if not who:
                row.error(
                    column,
                    f"Name the recipient of the transfer to {destination!r} in brackets, e.g. "
                    f'"{destination} (Vendor name)": the row has {len(recipients)} recipients.',
                )
            return
        where = (
            {"destination_country": country, "international_organisation": ""}
            if country
            else {"destination_country": "", "international_organisation": destination}
        )
        items.append({"third_party": party, **where})


@dataclass(frozen=True)
class TransferSafeguards:
    """The mechanism and safeguard of transfers: per transfer, its line prefixed by the transfer as the
    destinations column names it ("United States (Mailchimp): Art. 46(2)(c) …; SCC 2021"), or one for every
    transfer of the row ("Standard contractual clauses"). A column may name only some transfers (the ICO's
    exceptional-transfers column names only the Art. 49(1) second-subparagraph ones): the others keep what
    another column said."""

    writes = ("transfers.mechanism", "transfers.safeguard_reference", "transfers.derogation_assessment")

    def apply(self, text: str, row: Row, column: str) -> None:
        transfers = row.items("transfers")
        unprefixed = []
        for line in lines_of(text):
            head, rest = head_and_rest(line)
            matching = [t for t in transfers if rest and _names_transfer(head, t, row, column)]
            for transfer in matching:
                self._fill(transfer, rest, row, column, split=True)
            if not matching:
                unprefixed.append(line)
        if not unprefixed:
            return
        if transfers and len(unprefixed) == len(lines_of(text)):
            for transfer in transfers:
                self._fill(transfer, "\n".join(unprefixed), row, column, split=False)
        else:
            row.keep_as_text(column, "\n".join(unprefixed))

    @staticmethod
    def _fill(transfer: dict, text: str, row: Row, column: str, split: bool) -> None:
        parts = [p.strip() for p in text.split("; ")] if split else [text]
        transfer["mechanism"] = row.map("mechanism", parts[0], column) or ""
        transfer["safeguard_reference"] = parts[1] if len(parts) > 1 else ("" if split else text)
        transfer["derogation_assessment"] = "; ".join(parts[2:])


def _names_transfer(head: str, transfer: dict, row: Row, column: str) -> bool:
    """Whether "United States (Mailchimp)" names this transfer (its destination, and its recipient)."""
    match = _DESTINATION.match(head)
    where, who = (match["where"], match["who"]) if match else (head, "")
    if who and row.map("third_party", who, column, quiet=True) != transfer["third_party"]:
        return False
    country = row.map("country", where, column, quiet=True)
    if country:
        return str(country) == str(transfer.get("destination_country") or "")
    return normalise_words(where) == normalise_words(transfer.get("international_organisation") or "")


def normalise_words(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class SpecialGrounds:
    """The Art. 9(2) condition ("Health data: Art. 9(2)(h) …", or one condition for every special category of
    the row) and the Art. 10 authority ("Criminal convictions: Art. 10 — …")."""

    writes = ("data_categories.art9_condition", "data_categories.art10_authority")

    def apply(self, text: str, row: Row, column: str) -> None:
        categories = row.items("data_categories")
        for line in lines_of(text):
            head, rest = head_and_rest(line)
            entry = category_named(row, head, column) if rest else None
            targets = [c for c in categories if entry is None or c["data_category"] == entry]
            ground = rest if entry is not None else line
            if ground.startswith("Art. 10 — "):
                for item in targets:
                    item["art10_authority"] = ground.removeprefix("Art. 10 — ")
                continue
            special = [c for c in targets if row.map("sensitivity", c["data_category"], column) == "special"]
            condition = row.map("art9", ground, column)
            for item in special if condition else []:
                item["art9_condition"] = condition
            if condition and not special:
                row.keep_as_text(column, line)


@dataclass(frozen=True)
class Automated:
    """ "No", or "Yes: the logic and its effects" (automated decision-making, with its details)."""

    writes = ("automated_decision_making", "automated_decision_details", "profiling")

    def apply(self, text: str, row: Row, column: str) -> None:
        answer, _, details = text.strip().partition(":")
        yes = row.map("yes_no", answer.strip() or "no", column)
        row.fields["automated_decision_making"] = bool(yes)
        row.fields["automated_decision_details"] = details.strip() if yes else ""
        if yes is None:
            row.keep_as_text(column, text.strip())


@dataclass(frozen=True)
class DPIARequired:
    """ "Yes" / "No" / "Not screened": the DPIA status, unless the progress column says more."""

    writes = ("dpia_status",)

    def apply(self, text: str, row: Row, column: str) -> None:
        if not text.strip():
            return
        answer = _status(text)
        if answer == "not screened":
            row.fields["dpia_status"] = "not_screened"
            return
        yes = row.map("yes_no", text.strip(), column)
        if yes is not None:
            row.fields["dpia_status"] = "required" if yes else "not_required"


def _party_part(line: str) -> str:
    """ "Name (Legal entity, Country), contact" → "Name (Legal entity, Country)", "Name, contact" → "Name": a party
    as the exports name it, its contact details left out."""
    found = re.match(r"^(?P<party>[^()]+\([^()]*\))(,\s.*)?$", line)
    return found["party"] if found else line.split(", ")[0]


@dataclass(frozen=True)
class JointControllers:
    """Who controls the activity with the organisation (Art. 26), a party a line ("Name (Legal entity, Country),
    contact"). A party the row also lists as a recipient is that recipient, as joint controller; any other is a
    controller of the activity, whose role is then joint controller. Read once the row's recipients are known."""

    writes = (
        "role",
        "controllers",
        "controllers.controller",
        "controllers.arrangement_reference",
        "recipients.arrangement_reference",
        "recipients.arrangement_essence_location",
    )

    def apply(self, text: str, row: Row, column: str) -> None:
        parties = row.items("joint_controllers")  # not a relation: read by `finish`
        arrangements = row.items("joint_arrangements")
        for line in lines_of(text):
            line, arrangement = _arrangement_of(line)
            whole = row.map("third_party", line, column, quiet=True) is not None  # a name with a comma in it
            party = row.map("third_party", line if whole else _party_part(line), column)
            if party is not None and party not in parties:
                parties.append(party)
                arrangements.append(arrangement)

    def finish(self, row: Row, column: str) -> None:
        recipients = {item["third_party"]: item for item in row.items("recipients")}
        controllers = row.items("controllers")
        for party, arrangement in zip(row.items("joint_controllers"), row.items("joint_arrangements"), strict=True):
            if party in recipients:
                recipients[party]["role"] = RecipientRole.JOINT_CONTROLLER
                recipients[party].update(arrangement)
            elif all(c["controller"] != party for c in controllers):
                reference = arrangement.get("arrangement_reference")
                controllers.append({"controller": party, **({"arrangement_reference": reference} if reference else {})})
        if controllers:
            row.fields["role"] = OrganisationRole.JOINT_CONTROLLER
            row.carried.add("controllers")


# What the report prints after a joint controller (ropa.reports.sheets.arrangement_text): its Art. 26 arrangement.
_ARRANGEMENT = re.compile(
    r";\s*arrangement \(Art\. 26\(1\)\):\s*(?P<reference>.*?);\s*essence available to data subjects "
    r"\(Art\. 26\(2\)\):\s*(?P<essence>.*)$"
)


def _arrangement_of(line: str) -> tuple[str, dict[str, str]]:
    """A joint controller's line without its arrangement, and the arrangement's recorded fields."""
    found = _ARRANGEMENT.search(line)
    if not found:
        return line, {}
    values = {"arrangement_reference": found["reference"], "arrangement_essence_location": found["essence"]}
    return line[: found.start()], {k: v for k, v in values.items() if v.strip() != "not recorded"}


@dataclass(frozen=True)
class ProcessorContracts:
    """The Art. 28 contract with each processor ("Mailchimp: Mailchimp DPA"). The contract is the third party's
    record, shared by every activity, so an import does not change it: a line that says what the register says is
    reported as matching, any other is kept as text on the activity for someone to record on the third party."""

    writes = ()

    def apply(self, text: str, row: Row, column: str) -> None:
        for line in lines_of(text):
            head, rest = head_and_rest(line)
            party = row.map("third_party", head, column, quiet=True) if rest else None
            if party is not None and rest in (party.dpa_reference, "contract not recorded"):
                row.note(column, line, f"the DPA reference of {party.name}")
                continue
            row.keep_as_text(column, line)
            row.note(column, line, "kept as text: record the contract on the third party", 0.0)


@dataclass(frozen=True)
class Breach:
    """ "Has a personal data breach occurred?": what the breach record link says already, unless it is "Yes" with
    no link — then the answer is kept as text on the activity, not lost."""

    writes = ()

    def apply(self, text: str, row: Row, column: str) -> None:
        answer = row.map("yes_no", text.strip(), column) if text.strip() else None
        row.items("breach_answer").append({"yes": bool(answer), "text": text.strip()})

    def finish(self, row: Row, column: str) -> None:
        for answer in row.items("breach_answer"):
            if answer["yes"] and not row.fields.get("breach_reference"):
                row.keep_as_text(column, answer["text"])


# --- The processor record (Art. 30(2)): one row per activity and controller it is carried out for -----------------


@dataclass(frozen=True)
class ProcessedFor:
    """The controller the activity is carried out for ("Client plc (Client plc, Ireland), dpo@client.example"): the
    organisation is the activity's processor. Rows of one activity for several controllers are merged (`drafts`)."""

    owns = ("controllers",)
    writes = ("role", "controllers", "controllers.controller")

    def apply(self, text: str, row: Row, column: str) -> None:
        row.fields["role"] = OrganisationRole.PROCESSOR
        for line in lines_of(text):
            party = row.map("third_party", _party_part(line), column)
            if party is not None and all(c["controller"] != party for c in row.items("controllers")):
                row.items("controllers").append({"controller": party})


@dataclass(frozen=True)
class ControllerField:
    """A field of the row's link to its controller (representative, DPO, contract, processing carried out). Without a
    controller, `otherwise` (an activity field) takes the text, else it is kept as text on the activity."""

    field: str
    otherwise: str = ""

    @property
    def writes(self) -> tuple[str, ...]:
        return (f"controllers.{self.field}", *((self.otherwise,) if self.otherwise else ()))

    def apply(self, text: str, row: Row, column: str) -> None:
        controllers = row.items("controllers")
        for item in controllers:
            item[self.field] = text.strip()
        if not controllers and text.strip():
            if self.otherwise:
                row.fields[self.otherwise] = text.strip()
            else:
                row.keep_as_text(column, text.strip())


@dataclass(frozen=True)
class ProcessorTransfers:
    """Transfers with their safeguards, a line each ("United States (Mailchimp): Art. 46(2)(c) …; SCC 2021"): the
    destination, the recipient in brackets, then the mechanism, the safeguard document and the assessment."""

    owns = ("transfers",)
    writes = (*Transfers.writes, *TransferSafeguards.writes)

    def apply(self, text: str, row: Row, column: str) -> None:
        items = row.items("transfers")
        for line in lines_of(text):
            head, rest = head_and_rest(line)
            match = _DESTINATION.match(head)
            if match is None:
                row.error(column, f'Write the transfer as "Country (Recipient): mechanism; safeguard": {line!r}.')
                continue
            before = len(items)
            Transfers._add(items, match["where"], match["who"], row, column)
            if len(items) > before and rest:
                TransferSafeguards._fill(items[-1], rest, row, column, split=True)
