"""Read-only pages: a plain-text view of one session's state, the public state as JSON, and
a health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

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


@bp.get("/healthz")
def health():
    return {"ok": True}
