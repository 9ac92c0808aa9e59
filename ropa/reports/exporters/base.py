"""What an exporter is, and the registry that lists them: surfaces ask the registry, never name a format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from ropa.register import Register

from ..approval import sign_off, version_sha256
from ..document import content_sha256, register_document

__all__ = ["ExportContext", "Exporter", "exporters", "get_exporter", "register_exporter"]


@dataclass(frozen=True)
class ExportContext:
    """What a renderer may know beyond the snapshot: the export entry it produces and how it was asked for."""

    export_id: int
    generated_at: dt.datetime
    generated_by: str
    include_retired: bool
    register: Register
    include_findings: bool = False  # append the compliance findings annex (ropa.checks) to the report
    # the DPO's decisions on findings at the register's as-of time (ropa.checks.decisions), read with the snapshot
    finding_decisions: dict = field(default_factory=dict)
    # the recorded approvals of the organisation's register (`ropa.reports.approval`), latest first
    approvals: tuple = ()

    @cached_property
    def document(self) -> dict[str, Any]:
        return register_document(self.register, self.include_retired, self.include_findings, self.finding_decisions)

    @cached_property
    def content_sha256(self) -> str:
        return content_sha256(self.document)

    @cached_property
    def sign_off(self) -> dict[str, Any]:
        """Whether this version of the register is an approved one, and by whom and when (the report's sign-off)."""
        version = ""
        if self.approvals:  # the version's digest is only worth computing when there is an approval to match
            # Without retired activities, the default document is this one less its optional findings annex; with
            # them, it is built again.
            default = {k: v for k, v in self.document.items() if k != "findings"} if not self.include_retired else None
            version = version_sha256(self.register, default)
        return sign_off(self.approvals, version, self.register.as_of or self.generated_at)

    @property
    def export(self) -> dict[str, Any]:
        """The export metadata printed in every format (the file's own digest is in the export entry)."""
        return {
            "id": self.export_id,
            "generated_at": self.generated_at.isoformat(),
            "generated_by": self.generated_by,
            "include_retired": self.include_retired,
            "include_findings": self.include_findings,
            "content_sha256": self.content_sha256,
            "sign_off": self.sign_off,
        }


class Exporter:
    """One output format of the register. Subclasses set the class attributes and implement `render()`.

    `render()` reads the snapshot (through `context.document`) and nothing else: no database access.
    """

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]
    inline: ClassVar[bool] = False  # shown in the browser rather than downloaded

    def render(self, register: Register, context: ExportContext) -> bytes:
        raise NotImplementedError


_registry: dict[str, type[Exporter]] = {}


def register_exporter(cls: type[Exporter]) -> type[Exporter]:
    """Class decorator: make a format available to the admin, the API and the command."""
    _registry[cls.identifier] = cls
    return cls


def exporters() -> dict[str, type[Exporter]]:
    return dict(_registry)


def get_exporter(identifier: str) -> Exporter:
    """An exporter instance, or ValueError naming the formats that exist."""
    try:
        return _registry[identifier]()
    except KeyError:
        raise ValueError(f"Unknown format {identifier!r}: choose one of {', '.join(sorted(_registry))}.") from None
