"""One export at a time per user on the admin's export form: a duplicate submit (a double click, a reloaded POST,
a second tab) while the first report is rendering is refused by the server, not rendered twice. The page's script
also disables the button (`submit_once.js`), but a script is only a courtesy.

The marker lives in the shared cache (the database cache by default, so every worker process sees it); it is
released when the render ends, however it ends, and expires after `HOLD` seconds should a worker die mid-render.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

__all__ = ["HOLD", "ExportInFlight", "one_export_at_a_time"]

HOLD = 600  # seconds: longer than any synchronous render is allowed to take


class ExportInFlight(Exception):
    """The user already has an export rendering."""

    message = _(
        "An export you asked for is still being produced; its download starts when it is ready. "
        "Nothing was started again: wait for it, then export again if you need another."
    )


def _key(user_id: object) -> str:
    return f"ropa:export-in-flight:{user_id}"


@contextmanager
def one_export_at_a_time(user_id: object) -> Iterator[None]:
    """Hold the user's export slot for the duration of the block; `ExportInFlight` if it is already held.
    `cache.add` sets the key only when absent, atomically on every cache backend, so two requests cannot both
    take it."""
    if not cache.add(_key(user_id), 1, timeout=HOLD):
        raise ExportInFlight(str(ExportInFlight.message))
    try:
        yield
    finally:
        cache.delete(_key(user_id))
