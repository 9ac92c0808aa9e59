"""Record ids as every surface reads them: positive, at most 18 digits.

One bound for the routes (`{id}` in a URL), the API's id fields and filters and the commands, so an id too large
for any database column is refused the same way everywhere instead of reaching the database.
"""

from __future__ import annotations

MAX_ID = 10**18 - 1
ID_PATTERN = rf"[0-9]{{1,{len(str(MAX_ID))}}}"


def as_id(value: object) -> int | None:
    """The numeric id `value` stands for; -1 for a number out of range; None when it is not a number (a key or a
    name)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else -1
    return None
