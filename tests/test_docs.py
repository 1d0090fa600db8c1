"""The documentation says what the code does.

- every command path (`reconcile run`, `reconcile db upgrade`, ...) and every long option of
  every command (`--fail-on`, ...) appears in docs/*.md;
- the JSON Schema printed in docs/contract.md is the one the package ships;
- the exit-code table of docs/contract.md is `reconcile.errors.EXIT_CODES`;
- the README stays a short user's page, and no relative link in README.md or docs/*.md is
  broken or leaves the repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest

from reconcile.cli import main


def _repo_root() -> Path:
    """The directory holding pyproject.toml, searched upward from this file."""
    here = Path(__file__).resolve().parent
    for directory in (here, *here.parents):
        if (directory / "pyproject.toml").is_file():
            return directory
    raise RuntimeError(f"no pyproject.toml above {here}")


ROOT = _repo_root()
DOCS = ROOT / "docs"
README = ROOT / "README.md"
README_MAX_LINES = 200

# Written by another author; linked from the README before they land.


def _commands(command: click.Command, path: str):
    """(command path, command) for `command` and every command below it."""
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _commands(command.commands[name], f"{path} {name}")


COMMANDS = list(_commands(main, "reconcile"))
OPTIONS = sorted({
    (path, name)
    for path, command in COMMANDS
    for param in command.params if isinstance(param, click.Option)
    for name in (*param.opts, *param.secondary_opts)
    if name.startswith("--") and name != "--help"
})


def _docs_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(DOCS.glob("*.md")))


def _mentions(text: str, word: str) -> bool:
    """`word` appears in `text`, not as the start of a longer word (`--db` is not `--dbs`)."""
    return re.search(re.escape(word) + r"(?![\w-])", text) is not None


def test_the_walk_finds_commands_and_options():
    paths = {path for path, _ in COMMANDS}
    assert {"reconcile run", "reconcile db upgrade", "reconcile review new-entity"} <= paths
    assert ("reconcile run", "--fail-on") in OPTIONS


@pytest.mark.parametrize("path", [path for path, _ in COMMANDS])
def test_every_command_is_documented(path):
    assert _mentions(_docs_text(), path), f"`{path}` appears in no docs/*.md"


@pytest.mark.parametrize("path,option", OPTIONS, ids=[f"{p} {o}" for p, o in OPTIONS])
def test_every_option_is_documented(path, option):
    assert _mentions(_docs_text(), option), f"`{option}` of `{path}` appears in no docs/*.md"


def _section(text: str, heading: str) -> str:
    """The body under a `## heading`, up to the next heading of level 2 or above."""
    match = re.search(rf"^{re.escape(heading)}[ \t]*$(.*?)(?=^#{{1,2}} |\Z)", text,
                      re.MULTILINE | re.DOTALL)
    assert match, f"docs/contract.md has no heading {heading!r}"
    return match.group(1)


def _contract() -> str:
    return (DOCS / "contract.md").read_text(encoding="utf-8")


def test_contract_json_schema_is_the_shipped_one():
    from reconcile.report import schema

    body = _section(_contract(), "## JSON Schema of the run")
    blocks = re.findall(r"^```json[ \t]*\n(.*?)^```[ \t]*$", body, re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "one ```json block under '## JSON Schema of the run'"
    assert json.loads(blocks[0]) == schema()


def _exit_code_table() -> dict[int, str]:
    rows = [line.strip() for line in _section(_contract(), "## Exit codes").splitlines()]
    table = []
    for line in rows:
        if line.startswith("|"):
            table.append(line)
        elif table:
            break  # the table has ended; prose may follow
    assert table[:2] == ["| code | meaning |", "|---|---|"], table[:2]
    codes = {}
    for line in table[2:]:
        match = re.fullmatch(r"\|\s*(\d+)\s*\|\s*(.*?)\s*\|", line)
        assert match, f"not a table row: {line!r}"
        codes[int(match.group(1))] = match.group(2)
    return codes


def test_contract_exit_codes_are_the_code_s():
    from reconcile.errors import EXIT_CODES

    assert _exit_code_table() == EXIT_CODES


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines"


_FENCED = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)"
                   r"|^\s*\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s.*)?$", re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _links():
    """(document, target) of every link and image in README.md and docs/*.md, outside code."""
    for doc in (README, *sorted(DOCS.glob("*.md"))):
        text = _INLINE_CODE.sub("", _FENCED.sub("", doc.read_text(encoding="utf-8")))
        for match in _LINK.finditer(text):
            yield doc.relative_to(ROOT).as_posix(), match.group(1) or match.group(2)


LINKS = sorted(set(_links()))


def _target(doc: str, link: str) -> Path:
    return ((ROOT / doc).parent / link.split("#", 1)[0]).resolve()


def _link_param(doc: str, link: str):
    return pytest.param(doc, link, id=f"{doc} -> {link}")


def test_documents_have_links():
    assert any(doc == "README.md" for doc, _ in LINKS)


@pytest.mark.parametrize("doc,link", [_link_param(d, l) for d, l in LINKS])
def test_links_resolve_inside_the_repository(doc, link):
    assert not _SCHEME.match(link), f"{doc}: {link}: links stay inside the repository"
    if link.startswith("#"):
        return  # a heading of the same document
    target = _target(doc, link)
    assert target.is_relative_to(ROOT), f"{doc}: {link} points outside the repository"
    assert target.exists(), f"{doc}: {link}: no such file"
