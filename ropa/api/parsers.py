"""Request bodies must be valid Unicode text: JSON may escape a lone surrogate (\\ud800), which no database can
store; it is refused as a 400 here rather than failing as a 500 at save time."""

from __future__ import annotations

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class UnicodeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ParseError("The body contains text that is not valid Unicode (a lone surrogate).") from exc
        return data
