"""The review page's routes through Flask's test client, on SQLite and PostgreSQL: the queue,
a decision re-resolving its key, CSRF, escaping, and two reviewers on one key."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

pytest.importorskip("flask")

from reconcile.cli import main  # noqa: E402
from reconcile.serve import create_app  # noqa: E402

KEY = "amazon/valuation"
CLAIMS = [
    {"id": "r1", "outlet": "Le Temps", "subject": "Amazon", "attribute": "valuation",
     "value": "$50 billion", "quote": "<script>alert('x')</script> worth $50 billion"},
    {"id": "b1", "outlet": "Die Zeit", "subject": "Amazon", "attribute": "valuation",
     "value": "$9 billion", "url": "javascript:alert(1)"},
]


@pytest.fixture
def served(tmp_path, seed_copy, ready_db):
    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "a.jsonl").write_text("".join(json.dumps(c) + "\n" for c in CLAIMS), "utf-8")
    common = ["--seeds", seed_copy / "seeds", "--rules", seed_copy / "rules", "--db", ready_db]

    def run():
        out = CliRunner().invoke(main, [str(a) for a in ["run", "--claims", claims, *common,
                                                          "-q", "--fail-on", "never",
                                                          "--results", tmp_path / "r.json"]])
        assert out.exit_code == 0, out.output
        found = json.loads((tmp_path / "r.json").read_text("utf-8"))["resolutions"]
        return next(r for r in found if r["attribute"] == "valuation")
    run()
    app = create_app(ready_db, seeds=seed_copy / "seeds", rules=seed_copy / "rules",
                     reviewer="ann")
    return app, run


def form_of(html: str) -> dict[str, str]:
    return {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
            "seen": re.search(r'name="seen" value="(\d+)"', html).group(1)}


def status_of(html: str) -> str:
    return re.search(r'id="status">([^<]+)<', html).group(1)


def test_the_queue_lists_open_conflicts_and_a_preference_resolves_the_key_again(served):
    app, run = served
    client = app.test_client()
    queue = client.get("/").get_data(as_text=True)
    assert f'data-key="{KEY}"' in queue and "1 key(s)" in queue
    page = client.get(f"/key/{KEY}").get_data(as_text=True)
    assert status_of(page) == "conflict"
    posted = client.post(f"/key/{KEY}/decide", data={**form_of(page), "action": "prefer",
                                                     "claim": "r1", "reason": "the filing"})
    assert posted.status_code == 303
    page = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert status_of(page) == "reviewed"  # re-resolved on the spot, before any run
    assert "recorded decision 1 by ann" in page and "the filing" in page
    assert "Run 1 stored conflict" in page
    stored = run()
    assert (stored["status"], stored["display"]) == ("reviewed", "$50B")  # the run agrees
    assert "no open conflict" in client.get("/").get_data(as_text=True)
    history = client.get("/history?by=ann").get_data(as_text=True)
    assert "prefer" in history and KEY in history
    assert "No decision matches" in client.get("/history?by=bob").get_data(as_text=True)
    assert "No decision matches" in client.get("/history?since=2999-01-01").get_data(
        as_text=True)


def test_a_state_change_needs_the_session_token_and_a_same_origin(served):
    app, _ = served
    client = app.test_client()
    page = client.get(f"/key/{KEY}").get_data(as_text=True)
    data = {**form_of(page), "action": "reject", "claim": "b1", "reason": "typo"}
    assert client.post(f"/key/{KEY}/decide", data={**data, "csrf_token": "forged"}
                       ).status_code == 403
    assert client.post(f"/key/{KEY}/decide", data=data,
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert app.test_client().post(f"/key/{KEY}/decide", data=data).status_code == 403
    assert client.post(f"/key/{KEY}/decide", data=data).status_code == 303


def test_claim_text_renders_as_text(served):
    app, _ = served
    page = app.test_client().get(f"/key/{KEY}").get_data(as_text=True)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page


def test_the_second_of_two_reviewers_on_one_key_is_told_it_changed(served):
    app, _ = served
    ann, bob = app.test_client(), app.test_client()
    seen_by_ann = ann.get(f"/key/{KEY}").get_data(as_text=True)
    seen_by_bob = bob.get(f"/key/{KEY}").get_data(as_text=True)
    assert ann.post(f"/key/{KEY}/decide", data={**form_of(seen_by_ann), "action": "prefer",
                                                "claim": "r1", "reason": "filing"}
                    ).status_code == 303
    late = bob.post(f"/key/{KEY}/decide", data={**form_of(seen_by_bob), "action": "prefer",
                                                "claim": "b1", "reason": "blog"})
    assert late.status_code == 409
    text = late.get_data(as_text=True)
    assert "changed since you opened it: decision 1 by ann" in text
    assert status_of(text) == "reviewed"  # bob now sees ann's decision, nothing overwritten


def test_refusals_are_pages_with_their_reason(served):
    app, _ = served
    client = app.test_client()
    page = client.get(f"/key/{KEY}").get_data(as_text=True)
    bad = client.post(f"/key/{KEY}/decide", data={**form_of(page), "action": "pin",
                                                  "value": "$20-50 billion", "reason": ""})
    assert bad.status_code == 400 and "pin needs a reason" in bad.get_data(as_text=True)
    assert client.get("/key/amazon/nothing").status_code == 404
    assert client.get("/key/not-a-key").status_code == 404
    assert client.get("/?status=bogus").status_code == 400


def test_a_match_decision_from_the_queue_needs_a_reason_and_is_recorded(served, ready_db):
    from reconcile.store import decisions, open_database

    app, _ = served
    client = app.test_client()
    token = form_of(client.get(f"/key/{KEY}").get_data(as_text=True))["csrf_token"]
    data = {"csrf_token": token, "mention": "Amazn Holdings", "action": "reject"}
    refused = client.post("/match/decide", data=data, follow_redirects=True)
    assert "needs a reason" in refused.get_data(as_text=True)
    unknown = client.post("/match/decide", follow_redirects=True,
                          data={**data, "action": "accept", "entity": "nobody", "reason": "x"})
    assert "no entity &#39;nobody&#39; in the seeds" in unknown.get_data(as_text=True)
    done = client.post("/match/decide", data={**data, "reason": "not a company"},
                       follow_redirects=True)
    assert "recorded: &#39;Amazn Holdings&#39; rejected" in done.get_data(as_text=True)
    with open_database(ready_db) as engine:
        [d] = decisions.current_decisions(engine)
    assert (d.mention, d.action, d.decided_by, d.reason) == ("Amazn Holdings", "reject", "ann",
                                                            "not a company")
