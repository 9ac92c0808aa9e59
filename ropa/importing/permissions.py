"""Who may import: whoever may both add and change processing activities (the DPO and the Contributor). Creating
catalogue entries from unmapped values needs the DPO's `add_<entry>` permission on top (`service._Creator`)."""

from __future__ import annotations

from typing import Any

IMPORT_PERMISSIONS = ("ropa.add_processingactivity", "ropa.change_processingactivity")


def can_import(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perms(IMPORT_PERMISSIONS)
