"""Request bodies the database can store and the server can read: valid Unicode without NUL characters, nested at
most `MAX_DEPTH` levels. Anything else is a 400 here rather than a 500 at save time (a lone surrogate or a NUL
cannot be stored; 100,000 nested `[` exhaust the JSON parser's recursion)."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

MAX_DEPTH = 16
NUL = "\x00"


def _problem_in(text: str) -> str | None:
    if NUL in text:
        return "Null characters are not allowed."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "The body contains text that is not valid Unicode (a lone surrogate)."
    return None


def check_text(data) -> None:
    """Walk the parsed body (without recursion) and refuse a NUL, a lone surrogate or too deep a nesting."""
    stack = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ParseError(f"The body is nested more than {MAX_DEPTH} levels deep.")
        if isinstance(value, str):
            problem = _problem_in(value)
        elif isinstance(value, dict):
            problem = next(filter(None, map(_problem_in, map(str, value))), None)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list | tuple):
            problem = None
            stack.extend((v, depth + 1) for v in value)
        else:
            problem = None
        if problem:
            raise ParseError(problem)


class UnicodeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(f"The body is nested more than {MAX_DEPTH} levels deep.") from exc
        check_text(data)
        return data


class TextFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        check_text({key: data.getlist(key) for key in data})
        return data


class TextMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        check_text({key: parsed.data.getlist(key) for key in parsed.data})
        return parsed


__all__ = ["MAX_DEPTH", "TextFormParser", "TextMultiPartParser", "UnicodeJSONParser", "check_text"]
