"""A notice's text as positioned sentences, and the checks that refuse bad input.

Markdown and HTML are read the same way: into blocks (headings, paragraphs, list items) with the line they start
on and the section heading above them, then into sentences. Links keep their text, images and bare URLs are
dropped: a vendor's name inside a URL is not the notice naming it. Nothing is fetched, nothing executed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from ropa.models.notices import MAX_NOTICE_BYTES

__all__ = ["Block", "Sentence", "notice_text_problem", "read_blocks", "sanitise_html", "sentences"]

# Active content a notice never needs: refused with a message, and removed by the sanitiser in any case.
ACTIVE_CONTENT = re.compile(
    r"<\s*(script|iframe|object|embed|applet|form|meta|link|base)\b|\son[a-z]+\s*=|javascript\s*:|vbscript\s*:",
    re.IGNORECASE,
)
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "section", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "u", "ul",
}  # fmt: skip


def sanitise_html(html: str) -> str:
    """The HTML with only text structure and links left (ammonia through nh3): no script, style, event handler,
    embedded object or remote image survives."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "*": {"id", "lang"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def notice_text_problem(text: str, fmt: str) -> str:
    """Why `text` cannot be kept as a notice, or "" when it can."""
    if not text or not text.strip():
        return "The notice is empty: paste its text as published (Markdown or HTML)."
    if "\x00" in text or sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f") > len(text) // 100:
        return "This looks like a binary file, not a notice's text: upload the Markdown or HTML, not a PDF or image."
    size = len(text.encode("utf-8"))
    if size > MAX_NOTICE_BYTES:
        return f"The notice is {size // 1024} KB; the limit is {MAX_NOTICE_BYTES // 1024} KB of text."
    found = ACTIVE_CONTENT.search(text)
    if found:
        return (
            f"The notice contains active content ({found.group(0).strip()!r}…): scripts, event handlers, frames and "
            "forms are not kept. Remove them (ropa never runs or fetches anything in a notice) and save again."
        )
    return ""


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph" or "item"
    text: str
    line: int  # 1-based line of the source the block starts on
    section: str  # the heading the block sits under ("" before the first)
    index: int


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    section: str
    block: int

    @property
    def position(self) -> str:
        where = f"line {self.line}"
        return f"{where}, under “{self.section}”" if self.section else where


_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b\S+@\S+\.\w+")
_SETEXT = re.compile(r"^\s*(=+|-{3,})\s*$")
_ATX = re.compile(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s+(.*)$")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _URL.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = re.sub(r"(\*\*|__|\*|`)", "", text)
    text = text.replace("\xa0", " ")
    return re.sub(r"\s+", " ", text).strip()


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    section = ""
    lines = text.splitlines()
    buf: list[str] = []
    start = 0

    def flush(kind: str = "paragraph") -> None:
        nonlocal buf, section
        content = _inline(" ".join(buf))
        if content:
            if kind == "heading":
                section = content
            blocks.append(Block(kind, content, start + 1, section if kind != "heading" else content, len(blocks)))
        buf = []

    for n, line in enumerate(lines):
        if _SETEXT.match(line) and buf:
            flush("heading")
            continue
        atx = _ATX.match(line)
        item = _ITEM.match(line)
        if not line.strip():
            flush()
        elif atx:
            flush()
            start, buf = n, [atx.group(2)]
            flush("heading")
        elif item:
            flush()
            start, buf = n, [item.group(1)]
            flush("item")
        else:
            if not buf:
                start = n
            buf.append(line)
    flush()
    return blocks


class _HTMLBlocks(HTMLParser):
    BLOCKS = {"p", "li", "div", "section", "td", "th", "dd", "dt", "blockquote", "tr", "br", "hr", "table", "ul", "ol"}
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.section = ""
        self.buf: list[str] = []
        self.kind = "paragraph"
        self.start = 1
        self.skipping = 0

    def flush(self) -> None:
        content = _inline(" ".join(self.buf))
        if content:
            if self.kind == "heading":
                self.section = content
            self.blocks.append(Block(self.kind, content, self.start, self.section, len(self.blocks)))
        self.buf, self.kind = [], "paragraph"

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.HEADINGS or tag in self.BLOCKS:
            self.flush()
            self.kind = "heading" if tag in self.HEADINGS else ("item" if tag == "li" else "paragraph")
            self.start = self.getpos()[0]

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.HEADINGS or tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            if not self.buf:
                self.start = self.getpos()[0]
            self.buf.append(data)


def read_blocks(text: str, fmt: str) -> list[Block]:
    """The notice's blocks in reading order."""
    if fmt == "html":
        parser = _HTMLBlocks()
        parser.feed(sanitise_html(text))
        parser.close()
        parser.flush()
        return parser.blocks
    return _markdown_blocks(text)


# A full stop after these does not end a sentence (company forms, "e.g.", initials).
_NO_BREAK = re.compile(
    r"(?:\b(?:Inc|Corp|Co|Ltd|Mr|Ms|Dr|No|pr|St|e\.g|i\.e|etc|vs|Art|art|para)|\b[A-Z])\.$",
)


def sentences(blocks: list[Block]) -> list[Sentence]:
    """Each block cut into sentences (a heading or list item is one)."""
    out: list[Sentence] = []
    for b in blocks:
        if b.kind != "paragraph":
            out.append(Sentence(b.text, b.line, b.section, b.index))
            continue
        start = 0
        for m in re.finditer(r"[.!?](?=\s+[A-Z“\"(‘'])", b.text):
            piece = b.text[start : m.end()]
            if _NO_BREAK.search(piece):
                continue
            out.append(Sentence(piece.strip(), b.line, b.section, b.index))
            start = m.end()
        rest = b.text[start:].strip()
        if rest:
            out.append(Sentence(rest, b.line, b.section, b.index))
    return out
