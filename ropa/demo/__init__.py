"""The demo register: the Mysterium VPN privacy notice (v2.0, 10 November 2023) turned into records.

`data` holds the content (shipped with the code, never fetched); `loader.load_demo()` writes it idempotently.
docs/demo-sources.md says what each record rests on.
"""

from .loader import LoadSummary, load_demo

__all__ = ["LoadSummary", "load_demo"]
