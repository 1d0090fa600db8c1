"""`extract`: news articles in, candidate claims out, as a claims file `run` reads."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import yaml

from reconcile import config
from reconcile.commands.lookup import rules_or_builtin
from reconcile.errors import ExtractError, OutputError
from reconcile.extract import ARTICLE_SUFFIXES, Extraction, extract, read_article
from reconcile.extract.document import document
from reconcile.pipeline import load_matcher
from reconcile.version import __version__


def extract_articles(paths: Sequence[Path | str], *, lang: str | None = None,
                     outlet: str | None = None, published: str | None = None,
                     seeds: Path | str = config.SEEDS_DIR, rules: Path | str = config.RULES_DIR
                     ) -> list[Extraction]:
    """The candidates of every article under `paths` (files, or folders of .txt/.html
    articles, in name order). The matcher and any model load once for all of them."""
    rule_set = rules_or_builtin(rules)
    matcher = load_matcher(seeds, rule_set)
    return [extract(read_article(p), matcher, rule_set, outlet=outlet, lang=lang,
                    published=published) for p in article_files(paths)]


def article_files(paths: Sequence[Path | str]) -> list[Path]:
    out = []
    for given in paths:
        p = Path(given)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file()
                           and f.suffix.lower() in ARTICLE_SUFFIXES)
            if not found:
                raise ExtractError(str(given), "no article (.txt, .html) in this folder")
            out.extend(found)
        elif p.is_file():
            out.append(p)
        else:
            raise ExtractError(str(given), "no such file or folder")
    return out


def candidates_yaml(extractions: Sequence[Extraction]) -> str:
    """The candidates file: a header that says nothing in it is accepted, then the document."""
    head = ("# Candidate claims extracted from news text. Nothing here is accepted: review each\n"
            "# claim (its quote, offsets and `extraction.how`) before it joins a claims file.\n")
    return head + yaml.safe_dump(document(extractions, version=__version__), allow_unicode=True,
                                 sort_keys=False, width=100)


def write_candidates(extractions: Sequence[Extraction], out: Path | str) -> Path:
    path = Path(out)
    text = candidates_yaml(extractions)
    tmp = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)  # all or nothing: a reader never sees half a file
    except OSError as e:
        raise OutputError(path, e.strerror or str(e)) from None
    return path
