"""The HTML report: self-contained, escaped, and checked in a real headless browser (chromium).

The browser tests load the report of the seed, of the conflict fixture and of the injection
fixture, read the DOM chromium dumps after our script ran, and save screenshots under
`.reconcile/` of the repository (CI keeps them as artifacts). Without chromium they skip loudly;
in CI (`CI` set) they fail instead.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, skip_loudly
from report_support import INJECTION, load, run

from reconcile.report import judge, render
from reconcile.report.formats import html as html_report
from reconcile.report.formats.html import script_json

ARTIFACTS = ROOT / ".reconcile"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars"]
HOSTILE = ["document.title='pwned", "data-pwned", "onerror=", "onload="]


def report_of(tmp_path_factory, name, claims, *extra):
    """Run `claims` (None: the seed) with --format html; the page, its path and the payload."""
    tmp = tmp_path_factory.mktemp(name)
    out = tmp / f"{name}.html"
    result = run(tmp, "--format", "html", "-o", out, *extra, claims=claims)
    assert result.exit_code in (0, 1), result.output
    return out, load(tmp / "run_results.json")


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    return report_of(tmp_path_factory, "seed", None)


@pytest.fixture(scope="module")
def conflicts(tmp_path_factory):
    from report_support import CONFLICTS
    return report_of(tmp_path_factory, "conflicts", CONFLICTS)


@pytest.fixture(scope="module")
def injection(tmp_path_factory):
    return report_of(tmp_path_factory, "injection", INJECTION)


# -- without a browser -----------------------------------------------------------------------

def test_page_is_self_contained(conflicts):
    page = conflicts[0].read_text(encoding="utf-8")
    assert not re.search(r"\ssrc=", page)  # no external asset: no image, script or frame source
    assert "<link" not in page and "@import" not in page and "url(http" not in page
    js = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(js.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in page  # the CSP admits our script and only it


def test_all_claim_text_is_escaped(injection):
    page = injection[0].read_text(encoding="utf-8")
    for raw in ("<script>document.title", "<img src=x", "<svg onload", "</script><script>",
                'href="javascript:'):
        assert raw not in page, raw
    assert "&lt;script&gt;document.title=&#x27;pwned-outlet&#x27;&lt;/script&gt;" in page
    assert page.count("<script") == 2  # the JSON data and our script, nothing else
    data = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page,
                     re.S).group(1)
    assert "</" not in data and "<" not in data
    assert "<script>document.title='pwned-outlet'</script>" in json.dumps(json.loads(data),
                                                                         ensure_ascii=False)


def test_script_json_cannot_close_the_script():
    text = script_json({"a": "</script><!-- & >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & >"}


def test_charts_bars_and_graphs(conflicts):
    page = conflicts[0].read_text(encoding="utf-8")
    payload = conflicts[1]
    claims = sum(len(r["claims"]) for r in payload["resolutions"])
    assert page.count('<g class="bar bar-') == claims
    assert page.count('<svg class="chart"') == len(payload["resolutions"])
    assert page.count('<svg class="graph"') == 3  # two conflicts, one settled
    assert "log scale" in page  # $30B vs $1T
    assert 'class="bar bar-rejected"' in page and 'class="gap"' in page


def test_many_keys_are_cut_with_a_note(conflicts, monkeypatch):
    payload = conflicts[1]
    monkeypatch.setattr(html_report, "MAX_KEYS", 2)
    page = render("html", payload, judge(payload, {"conflict"}))
    assert page.count('<article class="key') == 2
    assert "4 more keys are not drawn here" in page


# -- in a real browser ------------------------------------------------------------------------

def chromium() -> str:
    exe = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))),
               None)
    if exe is None:
        skip_loudly("chromium not found: the HTML report browser tests are SKIPPED. Install it "
                    "(apt-get install chromium) to run them.")
    return exe


def browse(page: Path, screenshot: str | None = None, fragment: str = "") -> "Dom":
    """The DOM after load (and after our script ran), and optionally a screenshot artifact."""
    exe = chromium()
    with tempfile.TemporaryDirectory(prefix="reconcile-chromium-") as profile:
        proc = subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                               page.as_uri() + fragment], capture_output=True, text=True,
                              timeout=180)
        assert proc.returncode == 0 and "<html" in proc.stdout, proc.stderr[-2000:]
        if screenshot:
            ARTIFACTS.mkdir(exist_ok=True)
            target = ARTIFACTS / screenshot
            target.unlink(missing_ok=True)
            shot = subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}",
                                   f"--screenshot={target}", "--window-size=1280,2000",
                                   page.as_uri()], capture_output=True, text=True, timeout=180)
            assert shot.returncode == 0, shot.stderr[-2000:]
            assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return Dom(proc.stdout)


class Dom(HTMLParser):
    """Elements (tag, attributes, classes) in document order, and the text of the page."""

    def __init__(self, text: str):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self._in: list[str] = []
        self.title: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        self.text.append(data)
        if self._in and self._in[-1] == "title" and self.title is None:
            self.title = data  # the document's <title>: the first one, in <head>

    def find(self, tag=None, cls=None, **attrs):
        return [a for t, a in self.elements
                    if (tag is None or t == tag) and (cls is None or cls in a.get("class", "").split())
                and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def test_browser_seed_report(seed):
    page, payload = seed
    dom = browse(page, "report-seed.png")
    assert dom.find("html", data_js="ready"), "our script did not run"
    keys = dom.find("article", cls="key")
    assert len(keys) == len(payload["resolutions"]) == 13
    assert not dom.find("article", cls="status-conflict")
    claims = sum(len(r["claims"]) for r in payload["resolutions"])
    assert len(dom.find("g", cls="bar")) == claims == 15
    assert len(dom.find("rect", cls="band")) >= 13  # every seed key has a resolved range
    assert "showing 13 of 13 keys" in "".join(dom.text)
    assert dom.title == f"reconcile run {payload['run']['id']} — no failing key"


def test_browser_conflict_report(conflicts):
    page, payload = conflicts
    dom = browse(page, "report-conflicts.png")
    assert dom.find("html", data_js="ready")
    keys = dom.find("article", cls="key")
    assert [k["data-status"] for k in keys[:2]] == ["conflict", "conflict"]  # open conflicts first
    assert {k["data-key"] for k in keys[:2]} == {"amazon/investment/openai", "openai/valuation"}
    assert all("fails" in k["class"].split() for k in keys[:2])
    # every claim drawn as a bar in its key's chart; rejected claims greyed
    assert len(dom.find("g", cls="bar")) == sum(len(r["claims"]) for r in payload["resolutions"])
    assert len(dom.find("g", cls="bar-rejected")) == 2  # the rumour, the gossip below min_trust
    assert len(dom.find("svg", cls="graph")) == 3
    assert dom.find("line", cls="edge-contradicts")
    assert len(dom.find("details", cls="story", open="")) == 2  # failing keys start expanded
    assert "showing 6 of 6 keys" in "".join(dom.text)


def test_browser_injection_runs_no_script(injection):
    page, payload = injection
    dom = browse(page, "report-injection.png")
    assert dom.find("html", data_js="ready"), "our own script must still run"
    tags = [t for t, _ in dom.elements]
    assert "img" not in tags and tags.count("script") == 2
    assert not [a for _, a in dom.elements if "data-pwned" in a]
    assert not [a for _, a in dom.elements if any(k.startswith("on") for k in a)]
    assert not [a for t, a in dom.elements if t == "a" and not a["href"].startswith("http")]
    text = "".join(dom.text)
    # the payloads are shown, as text
    assert "<script>document.title='pwned-outlet'</script>" in text
    assert "\"><img src=x onerror=" in text
    assert dom.title == f"reconcile run {payload['run']['id']} — 1 failing key(s)"


def test_browser_filters_search_and_sort(conflicts):
    """The filters, driven through the URL fragment our script reads (and keeps up to date)."""
    page, _ = conflicts

    def visible(fragment):
        dom = browse(page, fragment=fragment)
        assert dom.find("html", data_js="ready")
        return [k["data-key"] for k in dom.find("article", cls="key") if "hidden" not in k], dom

    keys, _ = visible("#status=conflict")
    assert sorted(keys) == ["amazon/investment/openai", "openai/valuation"]
    keys, _ = visible("#outlet=Rumours")
    assert keys == ["nvidia/investment/openai"]
    keys, _ = visible("#q=" + "gossip")
    assert keys == ["openai/round_total"]
    keys, dom = visible("#q=no-such-thing")
    assert keys == [] and not [a for a in dom.find("p", id="none-shown") if "hidden" in a]
    keys, _ = visible("#status=conflict,settled&sort=spread")  # most disagreement first
    assert keys == ["openai/valuation", "nvidia/investment/openai", "amazon/investment/openai"]
    keys, _ = visible("#sort=key")
    assert keys[0] == "amazon/investment/openai" and keys[-1] == "softbank/stake/openai@2025-12"
