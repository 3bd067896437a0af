"""The replay and debrief of a session: the page, the JSON it draws from, the exports, and the
instructor's back-channel reveal.

Who may look: the session's instructor, and students holding a seat token for the session.
What each sees is the service's to say (`game.service.debrief.Audience`); nothing is decided
here but who is asking.
"""

from __future__ import annotations

import gzip
import json
import re

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from game.realtime import seat_cookie
from game.service import Classroom, archive, minutes
from game.service.debrief import PAGES_AT_ONCE, Audience, Debrief

from .auth import instructor_id

bp = Blueprint("replay", __name__)

EXPORTS = {
    "minutes.html": "text/html; charset=utf-8",
    "minutes.md": "text/markdown; charset=utf-8",
    "rollcall.csv": "text/csv; charset=utf-8",
    "log.json": "application/json",
}


def classroom() -> Classroom:
    return current_app.extensions["plenary.classroom"]


def debrief() -> Debrief:
    found = current_app.extensions.get("plenary.debrief")
    if found is None:
        found = current_app.extensions["plenary.debrief"] = Debrief(classroom().service)
    return found


def viewer(session_id: str) -> tuple[Audience, bool]:
    """The audience for this request and whether it is the session's instructor; 404 for
    anybody else (a session's existence is not told to strangers)."""
    row = classroom().service.store.get_session(session_id)
    if row is None:
        abort(404)
    if instructor_id() is not None and classroom().owns(session_id, instructor_id()):
        through = request.args.get("as") or None
        spec = classroom().service.scenario(session_id).spec
        if through is not None and not spec.has_delegation(through):
            abort(404)
        return debrief().audience(session_id, instructor=True, delegation=through), True
    resolved = classroom().actor_for_seat(request.cookies.get(seat_cookie(session_id), ""))
    if resolved is None or resolved[0] != session_id:
        abort(404)
    return debrief().audience(session_id, seat=resolved[1].delegation), False


@bp.get("/s/<session_id>/replay")
def page(session_id: str):
    if instructor_id() is None and not request.cookies.get(seat_cookie(session_id)):
        return redirect(url_for("auth.login", next=request.path))
    audience, instructor = viewer(session_id)
    row = classroom().service.store.get_session(session_id)
    spec = classroom().service.scenario(session_id).spec
    ended = classroom().service.state(session_id).ended
    last = classroom().service.store.last_seq(session_id)
    return render_template("classroom/replay.html", conference=row, ended=ended, instructor=instructor, audience=audience,
                           delegations=spec.delegations, exports=_exports(instructor), last_seq=last)


@bp.get("/s/<session_id>/replay/timeline")
def timeline(session_id: str):
    audience, _ = viewer(session_id)
    return _json(debrief().timeline(session_id, audience))


@bp.get("/s/<session_id>/replay/timeline/index")
def timeline_index(session_id: str):
    """The page's first answer: the timeline in columns, with the texts around its end."""
    audience, _ = viewer(session_id)
    return _json(debrief().timeline_index(session_id, audience, upto=_upto()))


@bp.get("/s/<session_id>/replay/timeline/texts")
def timeline_texts(session_id: str):
    """Some pages of the timeline's texts (`pages=3,4,9`), as the index of the same `upto`
    numbers its rows."""
    audience, _ = viewer(session_id)
    pages = request.args.get("pages", "").split(",")
    if not all(p.isdigit() and len(p) <= 9 for p in pages) or len(pages) > PAGES_AT_ONCE:
        abort(400)
    return _json(debrief().timeline_texts(session_id, audience, [int(p) for p in pages], upto=_upto()))


def _upto() -> int | None:
    """The `upto` a page holds (the last seq when it was drawn): later events are left out."""
    upto = request.args.get("upto")
    if upto is None:
        return None
    if not upto.isdigit() or len(upto) > 12:
        abort(400)
    return int(upto)


@bp.get("/s/<session_id>/replay/report")
def report(session_id: str):
    audience, _ = viewer(session_id)
    return _json(debrief().report(session_id, audience))


@bp.get("/s/<session_id>/replay/state")
def state(session_id: str):
    audience, _ = viewer(session_id)
    seq = request.args.get("seq", type=int)
    if seq is None:
        abort(400)
    return _json(debrief().state_at(session_id, seq, audience))


@bp.get("/s/<session_id>/replay/export/<name>")
def export(session_id: str, name: str):
    audience, instructor = viewer(session_id)
    if name not in _exports(instructor):
        abort(404)
    row = classroom().service.store.get_session(session_id)
    if name == "log.json":
        body = json.dumps(archive.export(classroom().service, session_id, revealed=audience.revealed), indent=1, ensure_ascii=False)
    elif name == "rollcall.csv":
        body = minutes.rollcall_csv(debrief().report(session_id, audience))
    else:
        made = minutes.minutes_html if name == "minutes.html" else minutes.minutes_markdown
        body = made(row.title, debrief().report(session_id, audience), debrief().timeline(session_id, audience))
    response = Response(body, mimetype=EXPORTS[name].split(";")[0], content_type=EXPORTS[name])
    filename = f"{_slug(row.title)}-{name}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.post("/s/<session_id>/replay/reveal")
def reveal(session_id: str):
    """The instructor shows the back-channel to the class, or hides it again."""
    _, instructor = viewer(session_id)
    if not instructor:
        abort(404)
    shown = request.form.get("reveal") == "on"
    debrief().reveals.set(session_id, shown)
    flash("The back-channel is now revealed to the class." if shown else "The back-channel is hidden again: only senders and recipients see it.", "info")
    return redirect(url_for("replay.page", session_id=session_id))


def _exports(instructor: bool) -> list[str]:
    """The raw log (to import elsewhere) is the instructor's; minutes and the table are for all."""
    return list(EXPORTS) if instructor else [n for n in EXPORTS if n != "log.json"]


def _slug(title: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60] or "session"


def _json(data) -> Response:
    """JSON, gzipped when the browser takes it: a 20,000-event timeline shrinks tenfold."""
    body = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept-Encoding")
    if len(body) > 4096 and "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(gzip.compress(body, compresslevel=5))
        response.headers["Content-Encoding"] = "gzip"
    return response
