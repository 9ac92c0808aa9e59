"""GDPR rules shared by model validation and the compliance checks, each stated once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol


class AdequacyLike(Protocol):
    @property
    def country(self) -> str: ...
    @property
    def international_organisation(self) -> str: ...
    @property
    def in_force_from(self) -> dt.date: ...
    @property
    def ended_on(self) -> dt.date | None: ...
    @property
    def requires_certification(self) -> bool: ...
    @property
    def scope_limit(self) -> str: ...


def decisions_in_force(
    decisions: Iterable[AdequacyLike], on: dt.date, country: str = "", organisation: str = ""
) -> list[AdequacyLike]:
    """The adequacy decisions (Art. 45) covering a country or international organisation on a date."""
    country = str(country or "").upper()
    found = []
    for d in decisions:
        same = (country and str(d.country).upper() == country) or (
            organisation and d.international_organisation and d.international_organisation == organisation
        )
        if same and d.in_force_from <= on and (d.ended_on is None or on < d.ended_on):
            found.append(d)
    return found


def adequacy_covers(
    decisions: Iterable[AdequacyLike],
    on: dt.date,
    country: str = "",
    organisation: str = "",
    recipient_certified: bool | None = None,
) -> bool:
    """Whether an adequacy decision covers a transfer on a date.

    A decision limited to certified organisations (the EU-US Data Privacy Framework) covers only a certified
    recipient; `recipient_certified=None` means "not known", which such a decision does not cover.
    """
    for d in decisions_in_force(decisions, on, country, organisation):
        if not d.requires_certification or recipient_certified:
            return True
    return False


def scope_limits(
    decisions: Iterable[AdequacyLike], on: dt.date, country: str = "", organisation: str = ""
) -> list[str]:
    """The scope limits (`AdequacyScope` values) of the decisions covering a destination on a date, when each of
    them is limited to a sector or a kind of processing; [] when one covers every recipient there, or none is in
    force (which `adequacy_covers` answers)."""
    in_force = decisions_in_force(decisions, on, country, organisation)
    if not in_force or any(not d.scope_limit for d in in_force):
        return []
    return [d.scope_limit for d in in_force]


def certification_relied_on(
    decisions: Iterable[AdequacyLike], on: dt.date, country: str = "", organisation: str = ""
) -> bool:
    """Whether adequacy for a destination on a date holds only for certified recipients (the EU-US frameworks)."""
    in_force = decisions_in_force(decisions, on, country, organisation)
    return bool(in_force) and all(d.requires_certification for d in in_force)
