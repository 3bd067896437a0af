"""Read-only pages: a plain-text view of one session's state, the public state as JSON, the
instructor guides of the bundled scenarios, and a health check."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, render_template
from markdown_it import MarkdownIt
from markupsafe import Markup

from game import scenario as scenarios
from game.rules.values import Actor, Role
from game.service import UnknownSession, projection, summary

bp = Blueprint("web", __name__)


def _service():
    return current_app.extensions["plenary"]


@bp.errorhandler(UnknownSession)
def unknown_session(error: UnknownSession):
    return render_template("web/error.html", message=error.message), 404


@bp.get("/sessions/<session_id>")
def session(session_id: str):
    state = _service().state(session_id)
    return render_template("web/session.html", session_id=session_id, state=state, summary=summary.render(state))


@bp.get("/api/sessions/<session_id>/public")
def public_state(session_id: str):
    """What the projector may show: public information only."""
    state = _service().state(session_id)
    return jsonify(projection.state(state, Actor(Role.OBSERVER)))


GUIDES = Path(__file__).resolve().parents[2] / "docs" / "guides"
_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def guide_path(scenario_id: str) -> Path | None:
    """The instructor guide of a bundled scenario, when it has one."""
    if scenario_id not in {s.id for s in scenarios.bundled()}:
        return None
    path = GUIDES / f"{scenario_id}.md"
    return path if path.is_file() else None


@bp.get("/guides/<scenario_id>")
def guide(scenario_id: str):
    """A bundled scenario's one-page instructor guide, from docs/guides (raw HTML in the
    Markdown is shown as text)."""
    path = guide_path(scenario_id)
    if path is None:
        abort(404)
    body = Markup(_markdown.render(path.read_text(encoding="utf-8")))  # noqa: S704 - html disabled above
    return render_template("web/guide.html", body=body, scenario=scenarios.find(scenario_id))


@bp.get("/healthz")
def health():
    return {"ok": True}
