"""The extract stage: news articles in, candidate claims out (docs/extract.md).

    article = read_article("article.html")       # main text, paragraphs, sentences
    found = extract(article, matcher, rules, outlet="Les Echos")
    found.candidates  # claims in the contract's fields, each with its evidence and confidence
    found.refused     # amounts that had an attribute but could not be made a claim, and why

Like every stage it works on plain records and knows nothing of the database or the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from reconcile.extract.article import ARTICLE_SUFFIXES, Article, article_of_text, read_article
from reconcile.extract.quantities import Quantity, find_quantities
from reconcile.extract.reader import Candidate, Refusal, read_claims
from reconcile.match import Matcher
from reconcile.normalize import detect_lang
from reconcile.rules import Rules

__all__ = ["ARTICLE_SUFFIXES", "Article", "Candidate", "Extraction", "Quantity", "Refusal",
           "article_of_text", "extract", "find_quantities", "read_article"]


@dataclass(frozen=True)
class Extraction:
    article: Article
    outlet: str
    lang: str
    published: str | None
    candidates: tuple[Candidate, ...]
    refused: tuple[Refusal, ...]


def extract(article: Article, matcher: Matcher, rules: Rules, *, outlet: str | None = None,
            lang: str | None = None, published: str | None = None) -> Extraction:
    """The candidate claims of one article. outlet: the article's publication (default: the
    page's site name, else the file's name); lang and published: as given, else the page's."""
    lang = lang or (article.lang if article.lang in ("en", "fr") else None) \
        or detect_lang(article.text)
    published = published or (article.published[:10] if article.published else None)
    outlet = outlet or article.site or _file_outlet(article.path)
    candidates, refused = read_claims(article, matcher, rules, outlet=outlet, lang=lang,
                                      published=published)
    return Extraction(article, outlet, lang, published, tuple(candidates), tuple(refused))


def _file_outlet(path: str) -> str:
    return PurePath(path).stem
