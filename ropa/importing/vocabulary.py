"""Mapping the words of a register kept elsewhere to the register's own entries, with a confidence.

"Name, email address" → catalogue entries, "Art. 6(1)(a)" → the consent basis, "USA" → US, "Mailchimp (The Rocket
Science Group LLC)" → the third party. Every lookup answers a `Match` (what, how sure, why) or None; the caller
decides what an unmapped value becomes. The vocabulary is read once per import (one query per catalogue), so
mapping a thousand rows runs no further queries.

Fuzzy matching uses the standard library's `difflib` rather than a new dependency: the catalogues hold tens to a
few hundred short names, so its speed is ample, and its ratio is an honest, explainable confidence.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import models
from django_countries import countries

from ropa.choices import (
    ActivityStatus,
    Art9Condition,
    DPIAStatus,
    LawfulBasis,
    RecipientRole,
    RetentionEvent,
    RetentionUnit,
    TransferMechanism,
)
from ropa.models import DataCategory, DataSubjectCategory, Purpose, SecurityMeasure, ThirdParty

__all__ = ["CATALOGUES", "Match", "Vocabulary", "normalise"]

CATALOGUES: dict[str, type[models.Model]] = {
    "purposes": Purpose,
    "data_subjects": DataSubjectCategory,
    "data_categories": DataCategory,
    "security_measures": SecurityMeasure,
}
FUZZY_CUTOFF = 0.82  # below this a near-miss is reported as unmapped rather than guessed

# Words registers commonly use for seeded entries, by catalogue key (the names themselves match already).
SYNONYMS: dict[str, dict[str, str]] = {
    "data_categories": {
        "email": "contact.email",
        "e-mail": "contact.email",
        "email addresses": "contact.email",
        "phone": "contact.phone",
        "phone number": "contact.phone",
        "telephone": "contact.phone",
        "address": "contact.postal_address",
        "home address": "contact.postal_address",
        "names": "identity.name",
        "full name": "identity.name",
        "dob": "identity.date_of_birth",
        "ip": "online.ip_address",
        "ip addresses": "online.ip_address",
        "cookies": "online.cookie_identifier",
        "health": "special.health",
        "medical data": "special.health",
        "bank details": "financial.bank_account",
        "payment details": "financial.payment_card",
        "card details": "financial.payment_card",
    },
    "data_subjects": {
        "clients": "customers",
        "staff": "employees",
        "visitors": "website_visitors",
        "users": "app_users",
        "applicants": "job_applicants",
        "subscribers": "newsletter_subscribers",
    },
    "purposes": {
        "marketing": "direct_marketing",
        "newsletter": "direct_marketing",
        "analytics": "web_analytics",
        "payroll": "hr_management",
        "hr": "hr_management",
        "support": "customer_support",
    },
    "security_measures": {
        "encryption": "encryption_at_rest",
        "tls": "encryption_in_transit",
        "2fa": "mfa",
        "access controls": "access_control",
        "backups": "backup",
        "training": "staff_training",
    },
}
COUNTRY_ALIASES = {
    "usa": "US",
    "us": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "south korea": "KR",
    "korea": "KR",
}
YES = {"yes", "y", "true", "1", "x"}
NO = {"no", "n", "false", "0", "none", "no breach recorded", "not applicable", "n/a"}
BASIS_WORDS = {
    "consent": LawfulBasis.CONSENT,
    "contract": LawfulBasis.CONTRACT,
    "legal obligation": LawfulBasis.LEGAL_OBLIGATION,
    "vital interest": LawfulBasis.VITAL_INTERESTS,
    "public task": LawfulBasis.PUBLIC_TASK,
    "public interest": LawfulBasis.PUBLIC_TASK,
    "legitimate interest": LawfulBasis.LEGITIMATE_INTERESTS,
}
MECHANISM_WORDS = {
    "standard contractual clauses": TransferMechanism.SCC,
    "scc": TransferMechanism.SCC,
    "data privacy framework": TransferMechanism.ADEQUACY,
    "dpf": TransferMechanism.ADEQUACY,
    "adequacy": TransferMechanism.ADEQUACY,
    "binding corporate rules": TransferMechanism.BCR,
    "bcr": TransferMechanism.BCR,
    "explicit consent": TransferMechanism.DEROGATION_CONSENT,
}
ART9_WORDS = {
    "explicit consent": "a",
    "employment": "b",
    "health": "h",
    "medical": "h",
    "legal claims": "f",
    "substantial public interest": "g",
    "research": "j",
}
EVENT_WORDS = (
    ("end of the contract", RetentionEvent.END_OF_CONTRACT),
    ("contract", RetentionEvent.END_OF_CONTRACT),
    ("account closure", RetentionEvent.END_OF_CONTRACT),
    ("closed", RetentionEvent.END_OF_CONTRACT),
    ("last activity", RetentionEvent.LAST_ACTIVITY),
    ("last login", RetentionEvent.LAST_ACTIVITY),
    ("inactiv", RetentionEvent.LAST_ACTIVITY),
    ("financial year", RetentionEvent.END_OF_FINANCIAL_YEAR),
    ("tax year", RetentionEvent.END_OF_FINANCIAL_YEAR),
    ("withdraw", RetentionEvent.CONSENT_WITHDRAWN),
    ("transaction", RetentionEvent.TRANSACTION),
    ("purchase", RetentionEvent.TRANSACTION),
    ("case", RetentionEvent.CASE_CLOSED),
    ("request", RetentionEvent.CASE_CLOSED),
    ("collect", RetentionEvent.COLLECTION),
)
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "eighteen": 18,
    "twenty-four": 24,
}
_PERIOD = re.compile(r"\b(?P<n>\d+|" + "|".join(NUMBERS) + r")\s*(?P<unit>day|week|month|year)s?\b", re.I)
_ARTICLE_LETTER = re.compile(r"(?P<article>\d+)\s*\((?P<par>\d)\)\s*\((?P<letter>[a-j])\)", re.I)


def normalise(text: str) -> str:
    """Lower case, accents and punctuation dropped, spaces collapsed: "E-mail  address." → "e mail address"."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@dataclass(frozen=True)
class Match:
    """A value mapped to an entry: `confidence` 1.0 for the entry's own key, name or label, less for a synonym
    or a near spelling; `how` says which, for the report."""

    target: Any
    confidence: float
    how: str

    @property
    def label(self) -> str:
        target = self.target
        return str(getattr(target, "name", None) or getattr(target, "label", None) or target)


class Vocabulary:
    """Everything an import maps values to, read once."""

    def __init__(self, user: Any = None) -> None:
        self.entries = {kind: list(model._default_manager.all()) for kind, model in CATALOGUES.items()}
        # The third parties the importing user may see (`ropa.access`); a command imports with all of them.
        parties = ThirdParty.objects.all()
        self.third_parties = list(parties.for_user(user) if user is not None else parties)
        self._index = {kind: self._names(kind, items) for kind, items in self.entries.items()}
        self._parties: dict[str, ThirdParty] = {}
        for party in self.third_parties:
            self._parties.setdefault(normalise(party.legal_entity), party)
        for party in self.third_parties:
            self._parties[normalise(party.name)] = party

    @staticmethod
    def _names(kind: str, items: list) -> dict[str, Any]:
        index = {normalise(e.key): e for e in items} | {normalise(e.name): e for e in items}
        by_key = {e.key: e for e in items}
        synonyms = {normalise(w): by_key[k] for w, k in SYNONYMS.get(kind, {}).items() if k in by_key}
        return index | {f"~{w}": e for w, e in synonyms.items()}

    def add(self, kind: str, entry: Any) -> None:
        """An entry created during this import (the user chose "create"), mapped from now on."""
        if kind == "third_party":
            self.third_parties.append(entry)
            self._parties.setdefault(normalise(entry.legal_entity), entry)
            self._parties[normalise(entry.name)] = entry
            return
        self.entries[kind].append(entry)
        self._index[kind].update({normalise(entry.key): entry, normalise(entry.name): entry})

    def lookup(self, kind: str, value: Any) -> Match | None:
        """The entry `value` stands for, or None."""
        if kind in CATALOGUES:
            return self._catalogue(kind, value)
        return getattr(self, f"_{kind}")(value)

    def exact(self, kind: str, key: str) -> Any:
        """The entry a user chose by its key, name, code or value (for a choice "map to …")."""
        match = self.lookup(kind, key)
        return match.target if match and match.confidence >= 0.95 else None

    def _catalogue(self, kind: str, value: str) -> Match | None:
        index, word = self._index[kind], normalise(value)
        if not word:
            return None
        if word in index:
            return Match(index[word], 1.0, "name")
        if f"~{word}" in index:
            return Match(index[f"~{word}"], 0.9, "synonym")
        singular = word[:-1] if word.endswith("s") else f"{word}s"
        if singular in index:
            return Match(index[singular], 0.95, "plural")
        return _closest(word, index)

    def _third_party(self, value: str) -> Match | None:
        outer = re.match(r"^(?P<name>[^()]+?)\s*\((?P<inner>[^()]*)\)\s*$", value)
        candidates = [value] if outer is None else [outer["name"], outer["inner"].split(",")[0], value]
        for candidate in candidates:
            party = self._parties.get(normalise(candidate))
            if party is not None:
                return Match(party, 1.0 if candidate in (party.name, value) else 0.95, "name or legal entity")
        return _closest(normalise(candidates[0]), self._parties, cutoff=0.88)

    @staticmethod
    def _country(value: str) -> Match | None:
        word = normalise(value)
        if word in COUNTRY_ALIASES:
            return Match(COUNTRY_ALIASES[word], 0.95, "common name")
        code = countries.by_name(value.strip(), insensitive=True) or (
            countries.alpha2(value.strip()) if 2 <= len(value.strip()) <= 3 else ""
        )
        return Match(code, 1.0, "country name or ISO code") if code else None

    @staticmethod
    def _basis(value: str) -> Match | None:
        found = _by_article(value, LawfulBasis, "6")
        return found or _by_words(value, BASIS_WORDS, 0.9)

    @staticmethod
    def _mechanism(value: str) -> Match | None:
        found = _by_label(value, TransferMechanism) or _by_article(value, TransferMechanism, "")
        return found or _by_words(value, MECHANISM_WORDS, 0.85)

    @staticmethod
    def _art9(value: str) -> Match | None:
        found = _by_label(value, Art9Condition) or _by_article(value, Art9Condition, "9")
        return found or _by_words(value, ART9_WORDS, 0.85)

    @staticmethod
    def _role(value: str) -> Match | None:
        return _by_label(value, RecipientRole)

    @staticmethod
    def _status(value: str) -> Match | None:
        return _by_label(value, ActivityStatus)

    @staticmethod
    def _dpia_status(value: str) -> Match | None:
        return _by_label(value, DPIAStatus)

    @staticmethod
    def _yes_no(value: str) -> Match | None:
        word = normalise(value)
        if word in YES or word.startswith("yes "):
            return Match(True, 1.0, "yes")
        return Match(False, 1.0, "no") if word in NO or word.startswith("no ") else None

    @staticmethod
    def _retention(value: str) -> Match | None:
        return parse_retention(value)

    @staticmethod
    def _date(value: Any) -> Match | None:
        return parse_date(value)


def _closest(word: str, index: dict[str, Any], cutoff: float = FUZZY_CUTOFF) -> Match | None:
    names = [n for n in index if not n.startswith("~")]
    best = difflib.get_close_matches(word, names, n=1, cutoff=cutoff)
    if not best:
        return None
    ratio = difflib.SequenceMatcher(None, word, best[0]).ratio()
    return Match(index[best[0]], round(ratio, 2), f"similar spelling ({best[0]!r})")


def _by_label(value: str, choices: type[models.TextChoices]) -> Match | None:
    word = normalise(value)
    for member in choices:
        if word in (normalise(member.label), normalise(member.value)):
            return Match(member.value, 1.0, "label")
    return None


def _by_article(value: str, choices: type[models.TextChoices], article: str) -> Match | None:
    """ "Art. 6(1)(a)", "6(1)(a)": the choice whose label cites the same article, paragraph and letter."""
    found = _ARTICLE_LETTER.search(value)
    if not found or (article and found["article"] != article):
        return None
    cited = f"{found['article']}({found['par']})({found['letter'].lower()})"
    for member in choices:
        if f"Art. {cited}" in str(member.label):
            return Match(member.value, 1.0 if _by_label(value, choices) else 0.95, f"Art. {cited}")
    return None


def _by_words(value: str, words: dict[str, Any], confidence: float) -> Match | None:
    word = normalise(value)
    for phrase, target in words.items():
        if re.search(rf"\b{re.escape(normalise(phrase))}", word):
            return Match(str(target), confidence, f"mentions {phrase!r}")
    return None


def parse_retention(text: str) -> Match:
    """The retention fields of one rule in words. Ours ("2 years from the transaction (per tax law)") reads back
    exactly; other prose is kept verbatim as the note and, where it states a period, parsed with confidence 0.8."""
    text = text.strip()
    empty = {"retention_period": None, "retention_unit": "", "retention_event": "", "retention_note": ""}
    if text in ("", "Not recorded"):
        return Match(empty, 1.0, "none recorded")
    ours = _our_retention(text)
    if ours:
        return Match(ours, 1.0, "ropa's own wording")
    found = _PERIOD.search(text)
    if not found:
        return Match({**empty, "retention_note": text}, 1.0, "kept as words")
    number = found["n"].lower()
    period = int(number) if number.isdigit() else NUMBERS[number]
    unit = found["unit"].lower()
    period, unit = (period * 7, "day") if unit == "week" else (period, unit)
    rest = normalise(text[found.end() :])
    event = next((e for phrase, e in EVENT_WORDS if phrase in rest), RetentionEvent.OTHER)
    values = {
        "retention_period": period,
        "retention_unit": f"{unit}s",
        "retention_event": str(event),
        "retention_note": text,
    }
    return Match(values, 0.8, "period read from the words")


def _our_retention(text: str) -> dict | None:
    found = re.match(r"^(\d+) (days|months|years) from (.+)$", text, re.S)
    if not found or found[2] not in RetentionUnit.values:
        return None
    for event in RetentionEvent:
        rest = found[3]
        if rest == str(event.label) or (rest.startswith(f"{event.label} (") and rest.endswith(")")):
            note = rest[len(str(event.label)) + 2 : -1] if rest != str(event.label) else ""
            return {
                "retention_period": int(found[1]),
                "retention_unit": found[2],
                "retention_event": event.value,
                "retention_note": note,
            }
    return None


class AmbiguousDate(ValueError):
    pass


def parse_date(value: Any) -> Match | None:
    """A date from a spreadsheet date, ISO 8601, or day/month/year — refused when it reads two ways (03/04/2025)."""
    if isinstance(value, dt.datetime):
        return Match(value.date(), 1.0, "date")
    if isinstance(value, dt.date):
        return Match(value, 1.0, "date")
    text = str(value).strip()
    try:
        return Match(dt.date.fromisoformat(text[:10]), 1.0, "ISO 8601")
    except ValueError:
        pass
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if not found:
        for pattern in ("%d %B %Y", "%d %b %Y", "%B %d, %Y"):
            try:
                return Match(dt.datetime.strptime(text, pattern).date(), 1.0, "date in words")
            except ValueError:
                continue
        return None
    first, second, year = (int(g) for g in found.groups())
    if first <= 12 and second <= 12 and first != second:
        raise AmbiguousDate(
            f"{text} is ambiguous (day/month or month/day): write it as {year}-{second:02d}-{first:02d} or "
            f"{year}-{first:02d}-{second:02d}."
        )
    day, month = (first, second) if first > 12 or first == second else (second, first)
    try:
        return Match(dt.date(year, month, day), 1.0, "day and month unambiguous")
    except ValueError:
        return None
