"""No lost updates: a record's version is its ETag, and writes must name the version they change.

`PUT`, `PATCH` and `DELETE` need `If-Match` (428 without it). The version is compared with the stored one under a
row lock, in the transaction that then writes (412 when they differ), so of two clients racing on one record one
wins and the other is told to reload — its change is refused, not silently overwritten.
"""

from __future__ import annotations

import re

from ropa.models.base import RegisterModel

from .exceptions import PreconditionFailed, PreconditionRequired

ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})"?\s*$')


def etag(instance: RegisterModel) -> str:
    return f'"{instance.version}"'


def expected_versions(request) -> frozenset[int]:
    """The versions the client accepts to edit, from `If-Match` (one ETag or a list); 428 when absent, 412 when it
    names no version at all."""
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise PreconditionRequired()
    versions = frozenset(int(m.group(1)) for m in (ETAG.match(c) for c in header.split(",")) if m)
    if not versions:
        raise PreconditionFailed(f"If-Match {header[:40]!r} names no version of this record; send the ETag you read.")
    return versions


def check_locked_version(instance: RegisterModel, expected: frozenset[int]) -> None:
    """Check that a record read under its row lock (for the rest of the transaction) is at an `expected` version,
    and tell it so: its save then needs no version query of its own.

    Raises the model's own stale-version error (answered with 412) when someone else saved in between.
    """
    current = instance.version
    if current not in expected:
        instance.version = max(expected)
        raise instance.stale_version_error(current)
    instance.locked_at(current)
