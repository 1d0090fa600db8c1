"""The review page end to end in a real Chromium (the system's, driven by Playwright): open the
queue, prefer a claim, see the key's status change, run `reconcile run` and see the decision
applied, reopen it. Screenshots of the queue and of a key go to `.reconcile/` (CI keeps them;
`docs/images/` has copies)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, skip_loudly

playwright = pytest.importorskip("playwright.sync_api")

ARTIFACTS = ROOT / ".reconcile" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
CLAIMS = [
    {"id": "reu-1", "outlet": "Reuters", "subject": "Amazon", "attribute": "investment",
     "object": "OpenAI", "value": "could reach $50 billion",
     "quote": "Amazon's investment <b>could reach</b> $50 billion, Reuters reported",
     "url": "https://example.org/reuters"},
    {"id": "blog-1", "outlet": "Tech Blog", "subject": "Amazon", "attribute": "investment",
     "object": "OpenAI", "value": "$9 billion", "quote": "a $9B cheque"},
    {"id": "ft-1", "outlet": "Financial Times", "subject": "Amazon", "attribute": "investment",
     "object": "OpenAI", "value": "$12 billion"},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path, seed_copy):
    exe = next(filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None)
    if exe is None:
        skip_loudly("chromium not found: the review page browser test is SKIPPED. Install it "
                    "(apt-get install chromium) to run it.")
    db = f"sqlite:///{tmp_path / 'review.db'}"
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "a.jsonl").write_text("".join(json.dumps(c) + "\n" for c in CLAIMS), "utf-8")
    common = ["--seeds", str(seed_copy / "seeds"), "--rules", str(seed_copy / "rules"),
              "--db", db]

    def run() -> dict:
        subprocess.run([sys.executable, "-m", "reconcile", "run", "--claims", str(claims),
                        *common, "-q", "--fail-on", "never", "--results",
                        str(tmp_path / "r.json")], check=True, capture_output=True)
        found = json.loads((tmp_path / "r.json").read_text("utf-8"))["resolutions"]
        return next(r for r in found if r["subject_id"] == "amazon"
                    and r["attribute"] == "investment" and r["object_id"] == "openai")
    assert run()["status"] == "conflict"
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "reconcile", "serve", "--port", str(port),
                             "--reviewer", "ann", *common],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"reconcile serve exited: {proc.stdout.read()}")
            time.sleep(0.1)
    try:
        yield url, run, exe
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_reviewer_prefers_a_claim_in_the_browser_and_the_next_run_applies_it(server):
    url, run, exe = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=FLAGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url + "/")
        row = page.locator('tr[data-key="amazon/investment/openai"]')
        assert "conflict" in row.inner_text()
        page.screenshot(path=str(ARTIFACTS / "review-queue.png"), full_page=True)
        row.get_by_role("link").click()
        assert page.locator("#status").inner_text() == "conflict"
        # the quote's HTML is shown as text, never as markup
        assert page.locator("blockquote b").count() == 0
        assert "<b>could reach</b>" in page.locator('tr[data-claim="reu-1"] blockquote').inner_text()
        page.check('input[name="claim"][value="reu-1"]')
        # the page asks for the reason the reviewer left out
        page.once("dialog", lambda dialog: dialog.accept("Reuters has the filing"))
        page.click("#prefer")
        page.wait_for_selector(".flash")
        assert page.locator("#status").inner_text() == "reviewed"
        assert "recorded decision 1 by ann" in page.locator(".flash").inner_text()
        page.screenshot(path=str(ARTIFACTS / "review-key.png"), full_page=True)

        stored = run()
        assert (stored["status"], stored["display"]) == ("reviewed", "≤ $50B")
        assert "Reuters has the filing" in stored["rules"]["review"]
        page.reload()
        assert "As run 2 stored it" in page.locator("#now").inner_text()

        page.fill('#reopen-form input[name="reason"]', "the blog was right after all")
        page.click("#reopen")
        page.wait_for_selector(".flash")
        assert page.locator("#status").inner_text() == "conflict"
        page.goto(url + "/history?by=ann")
        assert page.locator("#history tbody tr").count() == 2
        browser.close()
    assert run()["status"] == "conflict"
