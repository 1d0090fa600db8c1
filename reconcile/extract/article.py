"""An article as text: its main text (HTML through trafilatura), paragraphs, headings, sentences.

Offsets everywhere in the extract stage are character offsets into `Article.text`: for a plain
text file the file's text itself, for an HTML page the main text trafilatura extracts (menus,
footers, "related stories" boxes and comments are not part of it). The text is kept with the
candidates' file, with its SHA-256, so an offset can always be checked against what was read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from reconcile.errors import ExtractError

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".text")
ARTICLE_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES
MAX_HEADING_WORDS = 14  # a line without final punctuation and at most this many words

# Abbreviations a period does not end a sentence after ("M. Son", "Amazon.com Inc. said").
_ABBREVIATIONS = frozenset({
    "m", "mm", "mme", "mr", "mrs", "ms", "dr", "pr", "st", "inc", "corp", "co", "ltd", "plc",
    "jr", "sr", "no", "vs", "etc", "cf", "p", "av", "bd", "u.s", "u.k", "e.g", "i.e", "s.a",
    "n.v", "gen", "gov", "sen", "rep", "jan", "feb", "fév", "mar", "apr", "avr", "aug", "sept",
    "oct", "nov", "dec", "déc", "approx", "env",
})
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"»”’)]*\s+(?=[\"«“(]?[A-ZÀ-ÖØ-Þ0-9$€£])")
_FINAL = ".!?…»\"”:;)"


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets in the article's text
    end: int
    text: str
    paragraph: int  # index of its paragraph
    index: int  # its rank in the article, from 0


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    heading: bool  # a title or a heading: names count for the topic, no claim is read from it


@dataclass(frozen=True)
class Article:
    path: str  # as given
    text: str
    lang: str | None = None
    title: str | None = None
    published: str | None = None  # ISO date from the page's metadata, when it gives one
    site: str | None = None  # the publication's name from the page's metadata
    paragraphs: tuple[Paragraph, ...] = ()
    sentences: tuple[Sentence, ...] = field(default=(), repr=False)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def read_article(path: Path | str) -> Article:
    """The article in a plain text or HTML file, cut into paragraphs and sentences."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise ExtractError(str(path), f"cannot read the article: {e.strerror or e}") from None
    try:
        data = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractError(str(path), "not UTF-8 text") from None
    if p.suffix.lower() in HTML_SUFFIXES or data.lstrip()[:15].lower().startswith(("<!doctype html",
                                                                                     "<html")):
        return _from_html(str(path), data)
    return article_of_text(str(path), data)


def article_of_text(path: str, text: str, **meta) -> Article:
    """An article from its main text: one paragraph per line, the sentences of each."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs, sentences = [], []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        left = len(line) - len(line.lstrip())
        body = line.strip()
        if not body:
            continue
        start, end = m.start() + left, m.start() + left + len(body)
        heading = _is_heading(body)
        paragraphs.append(Paragraph(start, end, heading))
        if heading:
            continue
        at = start
        for piece in _split(body):
            s = text.index(piece, at)
            sentences.append(Sentence(s, s + len(piece), piece, len(paragraphs) - 1,
                                      len(sentences)))
            at = s + len(piece)
    title = meta.pop("title", None)
    if title is None and paragraphs and paragraphs[0].heading:
        title = text[paragraphs[0].start:paragraphs[0].end]
    return Article(path, text, title=title, paragraphs=tuple(paragraphs),
                   sentences=tuple(sentences), **meta)


def _is_heading(line: str) -> bool:
    """A title, a subheading or a line of page furniture: no final full stop, or a question."""
    words = line.split()
    if line.endswith("?") and len(words) <= MAX_HEADING_WORDS:
        return True
    return not line.endswith(tuple(_FINAL[:-3])) and len(words) <= MAX_HEADING_WORDS \
        or line.endswith(":")


def _split(paragraph: str) -> list[str]:
    out, at = [], 0
    for m in _SENTENCE_END.finditer(paragraph):
        before = paragraph[at:m.start()].rstrip(_FINAL[4:])
        last = before.rsplit(None, 1)[-1] if before.split() else ""
        word = last.rstrip(".").lower()
        if last.endswith(".") and (word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())):
            continue
        out.append(paragraph[at:m.start()].strip())
        at = m.end()
    out.append(paragraph[at:].strip())
    return [s for s in out if s]


def _from_html(path: str, html: str) -> Article:
    try:
        import trafilatura
    except ImportError:
        raise ExtractError(path, "reading HTML needs the extract extra: "
                                 "pip install 'reconcile[extract]'") from None
    # Not `deduplicate`: it remembers text across calls, so a page read twice in one process
    # would lose its main text the second time.
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        raise ExtractError(path, "no main text found in the page")
    return article_of_text(path, doc.text, title=doc.title, published=doc.date,
                           site=doc.sitename, lang=doc.language)
