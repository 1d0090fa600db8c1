"""The review page's routes: each one parses the request, calls one verb of `reconcile.commands`,
and renders a template; errors become the page's message with the right status code.

    GET  /                      the queue: open conflicts (or reviewed, all keys), doubtful matches
    GET  /key/<key>             one key: chart, claims, story, and the forms to decide
    POST /key/<key>/decide      prefer | reject | pin | reopen, with a reason
    POST /match/decide          accept | reject a doubtful match, with a reason
    GET  /history               every decision, by reviewer and date
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flask import Flask, abort, flash, redirect, render_template, request, url_for

from reconcile import commands, config
from reconcile.commands.review_page import QUEUE_STATUSES
from reconcile.core import Key
from reconcile.normalize import format_interval
from reconcile.errors import ReconcileError, RunNotFound, StaleDecision
from reconcile.report.formats.html import asset
from reconcile.report.formats.svg import interval_chart, legend
from reconcile.report.results import key_of
from reconcile.serve import csrf

PAGE = 50
ACTIONS = {"prefer", "reject", "pin", "reopen"}


def create_app(db: str | None = None, *, seeds: Path | str = config.SEEDS_DIR,
               rules: Path | str = config.RULES_DIR, reviewer: str | None = None) -> Flask:
    """The review app over database `db`; decisions are signed `reviewer` (default: OS user)."""
    app = Flask(__name__)
    # a fresh key per process: sessions hold only the CSRF token, and a restart asks for a reload
    app.secret_key = secrets.token_bytes(32)
    app.config.update(SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True)
    url = config.database_url(db)
    who = reviewer or config.current_user()
    app.config["REVIEWER"] = who
    where = {"db": url}

    app.jinja_env.filters["interval"] = format_interval
    # only web links become links: a claim's url is its author's text
    app.jinja_env.tests["web_url"] = lambda u: str(u).lower().startswith(("http://", "https://"))

    @app.context_processor
    def common() -> dict[str, Any]:
        return {"csrf_token": csrf.token(), "reviewer": who, "key_url": key_url}

    @app.before_request
    def guarded() -> None:
        if request.method == "POST":
            csrf.check(request)

    @app.get("/")
    def queue():
        status = request.args.get("status", "open")
        if status not in QUEUE_STATUSES:
            abort(400, description=f"unknown status {status!r}")
        offset = max(0, _int(request.args.get("offset"), 0))
        page = commands.review_page(db=url, status=status, limit=PAGE, offset=offset)
        return render_template("queue.html", page=page, size=PAGE)

    @app.get("/key/<path:text>")
    def key(text: str):
        return _key_page(_key(text))

    def _key_page(key: Key, message: str | None = None, status: int = 200, form=None):
        page = commands.review_key(key, rules=rules, **where)
        changed = (page.now["status"], page.now["display"]) != (page.stored["status"],
                                                               page.stored["display"])
        return render_template(
            "key.html", page=page, key=key, changed=changed, message=message,
            selected=set(form.getlist("claim")) if form else set(),
            given_reason=form.get("reason", "") if form else "",
            chart=interval_chart(page.now, "now"), legend=legend()), status

    @app.post("/key/<path:text>/decide")
    def decide(text: str):
        key = _key(text)
        form = request.form
        action = form.get("action", "")
        if action not in ACTIONS:
            abort(400, description=f"unknown action {action!r}")
        try:
            d = commands.review_key_value(
                action, key, claim_ids=form.getlist("claim"), value=form.get("value") or None,
                reason=form.get("reason", ""), source_url=form.get("source") or None, by=who,
                rules=rules, seen_last=_int(form.get("seen"), -1), **where)
        except StaleDecision as exc:
            return _key_page(key, str(exc), 409, form)
        except RunNotFound:
            raise
        except ReconcileError as exc:
            return _key_page(key, str(exc), 400, form)
        flash(f"recorded {d.said()}: {d.action}. The key below is resolved again with it; "
              "the next `reconcile run` stores it.")
        return redirect(key_url(key), code=303)

    @app.post("/match/decide")
    def decide_match():
        form = request.form
        action = form.get("action", "")
        if action not in ("accept", "reject"):
            abort(400, description=f"unknown action {action!r}")
        if not form.get("reason", "").strip():
            flash("a decision on a match needs a reason", "error")
            return redirect(url_for("queue"), code=303)
        try:
            d = commands.review_decide(form.get("mention", ""), action, seeds=seeds,
                                       entity_id=form.get("entity") or None, by=who,
                                       reason=form["reason"], **where)
        except ReconcileError as exc:
            flash(str(exc), "error")
        else:
            target = f" as {d.entity_id}" if d.entity_id else ""
            flash(f"recorded: {d.mention!r} {d.action}ed{target}; the next `reconcile run` "
                  "matches it so")
        return redirect(url_for("queue"), code=303)

    @app.get("/report.css")
    def report_css():
        # the HTML report's own style sheet: the page draws the same charts
        return app.response_class(asset("report.css"), mimetype="text/css")

    @app.get("/history")
    def history():
        by = request.args.get("by") or None
        since = _day(request.args.get("since"))
        decisions = commands.review_history(by=by, since=since, **where)
        return render_template("history.html", decisions=decisions, by=by or "",
                               since=request.args.get("since", ""))

    @app.errorhandler(RunNotFound)
    def not_found(exc):
        return render_template("error.html", message=str(exc), code=404), 404

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    def refused(exc):
        return render_template("error.html", message=exc.description, code=exc.code), exc.code

    return app


def key_url(key: Key | dict) -> str:
    k = key if isinstance(key, Key) else key_of(key)
    return url_for("key", text=k.text)


def _key(text: str) -> Key:
    try:
        return Key.from_text(text)
    except ValueError as exc:
        abort(404, description=str(exc))


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        abort(400, description=f"{value!r} is not a number")


def _day(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)
    except ValueError:
        abort(400, description=f"since: {value!r} is not a date (YYYY-MM-DD)")
