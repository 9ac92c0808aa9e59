"""An uploaded file kept between the preview and the confirmation in the admin, so the user never uploads it twice
and the confirmed import reads exactly the bytes that were previewed (checked by their SHA-256)."""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path

__all__ = ["discard", "stash", "unstash"]


def _path(user_id: int, digest: str) -> Path:
    folder = Path(tempfile.gettempdir()) / "ropa-import"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{int(user_id)}-{digest}"


def stash(user_id: int, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    _path(user_id, digest).write_bytes(data)
    return digest


def unstash(user_id: int, digest: str) -> bytes | None:
    """The bytes this user stashed under `digest`, or None (unknown, another user's, or altered)."""
    if not re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        return None
    path = _path(user_id, digest)
    if not path.is_file():
        return None
    data = path.read_bytes()
    return data if hashlib.sha256(data).hexdigest() == digest else None


def discard(user_id: int, digest: str) -> None:
    if re.fullmatch(r"[0-9a-f]{64}", digest or ""):
        _path(user_id, digest).unlink(missing_ok=True)
