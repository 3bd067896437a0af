"""The live classroom's pages: join by code, the instructor's dashboard, and the chair,
delegate and projector consoles (rendered by the JS modules in static/js from the server's
state; no rule is decided here)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from game import scenario as scenarios
from game.library import LibraryError
from game.realtime import seat_cookie
from game.rules import commands as c
from game.rules.errors import PlenaryError
from game.rules.values import Actor
from game.service import Classroom, archive

from .auth import instructor_id, login_required
from .pages import guide_path
from .security import seat_attempts, throttle

bp = Blueprint("classroom", __name__)
join_attempts = throttle("JOIN", 20)


def classroom() -> Classroom:
    return current_app.extensions["plenary.classroom"]


@bp.get("/")
def home():
    return render_template("classroom/home.html", code=request.args.get("code", ""))


@bp.post("/join")
def join():
    """Only failed attempts count against the limit: a class behind one school address all
    joins at once, while guessing codes soon stops."""
    address = request.remote_addr or "?"
    if join_attempts.exhausted(address):
        flash("Too many wrong codes; wait a minute, then check the code on the projector.", "error")
        return render_template("classroom/home.html", code=""), 429
    try:
        session_id, _, token, result = classroom().join(request.form.get("code", ""), request.form.get("name", ""))
    except PlenaryError as error:
        join_attempts.record(address)
        flash(error.message, "error")
        return render_template("classroom/home.html", code=request.form.get("code", "")), 400
    current_app.extensions["plenary.hub"].after(session_id, result.records)
    response = redirect(url_for("classroom.delegate", session_id=session_id))
    response.set_cookie(seat_cookie(session_id), token, httponly=True, samesite="Lax", secure=request.is_secure, max_age=7 * 24 * 3600)
    return response


@bp.get("/dashboard")
@login_required
def dashboard():
    owner = instructor_id()
    sessions = [s for s in classroom().service.store.list_sessions() if s.owner_id == owner]
    mine = current_app.extensions["plenary.library"].published(owner)
    bundled = scenarios.bundled()
    guide_ids = {s.id for s in bundled if guide_path(s.id)}
    return render_template("classroom/dashboard.html", scenarios=bundled, mine=mine, sessions=sessions, guide_ids=guide_ids)


@bp.post("/sessions")
@login_required
def create_session():
    """A session of a bundled scenario, or of the published version of one of the
    instructor's own (`source=library`): the session pins that text."""
    scenario_id = request.form.get("scenario", "")
    try:
        if request.form.get("source") == "library":
            scenario = current_app.extensions["plenary.library"].published_scenario(instructor_id(), scenario_id)
        else:
            scenario = scenarios.find(scenario_id)
    except (scenarios.ScenarioNotFound, LibraryError, scenarios.ScenarioError):
        abort(404)
    title = request.form.get("title", "").strip()[:120] or None
    if request.form.get("rehearse") == "1":
        # The scenario's course with every seat on autopilot, stored as a finished session:
        # what an unplayed conference makes of the policies, to debrief before class.
        if not scenario.spec.course:
            abort(404)
        session_id = archive.store_rehearsal(classroom().service, scenario, owner_id=instructor_id(), title=title)
        flash("The unattended run is stored as a finished session: this is its replay.", "success")
        return redirect(url_for("replay.page", session_id=session_id))
    session_id = classroom().open_session(scenario, owner_id=instructor_id(), title=title)
    return redirect(url_for("classroom.chair", session_id=session_id))


@bp.get("/s/<session_id>/chair")
@login_required
def chair(session_id: str):
    row = _owned(session_id)
    return render_template("classroom/console.html", view="chair", conference=row, join_url=None)


@bp.get("/s/<session_id>/projector")
@login_required
def projector(session_id: str):
    row = _owned(session_id)
    join_url = url_for("classroom.home", code=row.join_code, _external=True)
    return render_template("classroom/console.html", view="projector", conference=row, join_url=join_url)


@bp.get("/s/<session_id>/delegate")
def delegate(session_id: str):
    address = request.remote_addr or "?"
    if seat_attempts.exhausted(address):
        flash("Too many attempts with seats that are not valid; wait a minute and try again.", "error")
        return render_template("classroom/home.html", code=""), 429
    resolved = classroom().actor_for_seat(request.cookies.get(seat_cookie(session_id), ""))
    if resolved is None or resolved[0] != session_id:
        seat_attempts.record(address)
        flash("Join the session with its code first.", "error")
        return redirect(url_for("classroom.home"))
    row = classroom().service.store.get_session(session_id)
    return render_template("classroom/console.html", view="delegate", conference=row, join_url=None)


@bp.post("/s/<session_id>/status")
@login_required
def status(session_id: str):
    """Pause, resume or end a session from the dashboard."""
    _owned(session_id)
    action = request.form.get("action")
    commands = {"pause": c.PauseSession(paused=True), "resume": c.PauseSession(paused=False), "end": c.EndSession()}
    if action not in commands:
        abort(400)
    try:
        result = classroom().handle(session_id, Actor.chair(), commands[action])
    except PlenaryError as error:
        flash(error.message, "error")
    else:
        current_app.extensions["plenary.hub"].after(session_id, result.records)
    return redirect(request.referrer or url_for("classroom.dashboard"))


def _owned(session_id: str):
    row = classroom().service.store.get_session(session_id)
    if row is None or not classroom().owns(session_id, instructor_id()):
        abort(404)
    return row
