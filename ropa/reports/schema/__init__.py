"""The JSON Schema of the JSON register export, shipped with the package."""

import json
from functools import cache
from pathlib import Path

SCHEMA_PATH = Path(__file__).with_name("register.schema.json")


@cache
def load_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
