"""Writing scenarios in the browser: the list of scenarios, a new one (blank or uploaded), the
editor that checks the text as the instructor types, the preview, saving and publishing.

The checks are the command line's (`plenary scenario validate`), word for word; the library
(game/library.py) adds only the rule that ids are not shared. Instructors see and edit their
own scenarios; anybody else's is 404. Bundled scenarios are read-only and can be copied.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from game import scenario as scenarios
from game.library import (
    Check,
    Entry,
    Library,
    LibraryError,
    NotInLibrary,
    Saved,
    Version,
    bundled_scenario,
)
from game.scenario import Problem
from game.scenario.reader import MAX_BYTES

from .auth import instructor_id, login_required
from .authoring_preview import preview

bp = Blueprint("authoring", __name__, url_prefix="/scenarios")

BODY_LIMIT = MAX_BYTES * 3 // 2
"""A request may carry a scenario of up to 1 MB and the form around it; anything longer is
refused from its Content-Length, before a byte of it is read or parsed."""


def library() -> Library:
    return current_app.extensions["plenary.library"]


@bp.url_value_preprocessor
def allow_scenario_sized_bodies(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Raise the app's body limit (256 KB) to a scenario's for these pages only. URL value
    preprocessors run before every before_request function, so the limit is in place before
    the CSRF check reads the form."""
    request.max_content_length = BODY_LIMIT
    request.max_form_memory_size = BODY_LIMIT


@bp.errorhandler(413)
def too_large(_error: Exception):
    size = request.content_length
    said = f"{size / 1_000_000:.1f} MB" if size else "too large"
    message = f"The upload is {said}; a scenario file may be at most 1 MB."
    if wants_json():
        return jsonify({"error": message}), 413
    flash(message, "error")
    return render_template("authoring/new.html"), 413


@bp.errorhandler(NotInLibrary)
def not_yours(_error: NotInLibrary):
    return render_template("web/error.html", message="There is nothing at this address."), 404


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


# --- the list, new and copies ------------------------------------------------------------


@bp.get("")
@login_required
def index():
    return render_template("authoring/list.html", bundled=scenarios.bundled(), mine=library().entries(instructor_id()))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    if request.method == "GET":
        return render_template("authoring/new.html")
    upload = request.files.get("file")
    if request.form.get("start") == "upload" or (upload and upload.filename):
        if upload is None or not upload.filename:
            return _refuse_new("Choose a YAML file to upload.")
        data = upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return _refuse_new("The file is larger than 1 MB; a scenario file may be at most 1 MB.")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return _refuse_new("The file is not UTF-8 text; save it as UTF-8 and upload it again.")
        stem = upload.filename.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        try:
            entry = library().create(instructor_id(), text, fallback_id=stem)
        except LibraryError as error:
            return _refuse_new(error.message)
        flash(f"Uploaded as '{entry.id}'. Its problems, if any, are listed beside their lines.", "info")
    else:
        entry = library().create(instructor_id(), render_template("authoring/skeleton.yaml"), rewrite_id=True)
    return redirect(url_for("authoring.edit", scenario_id=entry.id))


def _refuse_new(message: str):
    flash(message, "error")
    return render_template("authoring/new.html"), 400


@bp.post("/copy")
@login_required
def copy():
    """A copy of a bundled scenario, or of one's own, under a fresh id."""
    source_id = request.form.get("scenario", "")
    if request.form.get("source") == "library":
        text = library().text(instructor_id(), source_id)
    else:
        text = _bundled(source_id).text
    entry = library().copy(instructor_id(), text, source_id)
    flash(f"Copied as '{entry.id}'. Until you publish it you can change its id on the text's id line.", "info")
    return redirect(url_for("authoring.edit", scenario_id=entry.id))


def _bundled(scenario_id: str) -> scenarios.Scenario:
    try:
        return bundled_scenario(scenario_id)
    except scenarios.ScenarioNotFound:
        abort(404)


# --- viewing and editing -----------------------------------------------------------------


@bp.get("/bundled/<scenario_id>")
@login_required
def bundled(scenario_id: str):
    scenario = _bundled(scenario_id)
    check = {"problems": [], "warnings": [_problem(p) for p in scenario.warnings], "ok": True, "previewable": True,
             "preview": preview(scenario), "publish": {"allowed": False, "reason": ""}}
    return render_template("authoring/edit.html", readonly=True, scenario_id=scenario.id, title=scenario.spec.title,
                           text=scenario.text, data={"readonly": True, "check": check, "versions": []})


@bp.get("/<scenario_id>/edit")
@login_required
def edit(scenario_id: str):
    owner = instructor_id()
    entry = library().entry(owner, scenario_id)
    text = library().text(owner, scenario_id)
    check = library().check(owner, scenario_id, text)
    data = {"readonly": False, **_urls(entry.id),
            "entry": _entry(entry), "check": _check(entry, check), "versions": _versions(entry.id)}
    return render_template("authoring/edit.html", readonly=False, scenario_id=entry.id, title=entry.title, text=text, data=data)


@bp.get("/<scenario_id>/versions/<int:number>.yaml")
@login_required
def version_text(scenario_id: str, number: int):
    text = library().text(instructor_id(), scenario_id, number)
    return Response(text, mimetype="text/plain", headers={"Content-Disposition": f'inline; filename="{scenario_id}-v{number}.yaml"'})


@bp.post("/<scenario_id>/check")
@login_required
def check(scenario_id: str):
    """The problems and warnings of the text being typed, and its preview (left out when the
    page already shows the preview of this very text)."""
    owner = instructor_id()
    entry = library().entry(owner, scenario_id)
    text = request.form.get("text", "")
    result = library().check(owner, scenario_id, text)
    known = request.form.get("preview_of", "")
    return jsonify(_check(entry, result, with_preview=result.scenario is not None and result.scenario.version != known))


@bp.post("/<scenario_id>/save")
@login_required
def save(scenario_id: str):
    try:
        saved = library().save(instructor_id(), scenario_id, request.form.get("text", ""))
    except LibraryError as error:
        return _refused(scenario_id, error)
    if saved.renamed_from:
        message = f"Saved as version {saved.entry.latest.number}, under its new id '{saved.entry.id}'."
    elif saved.created:
        message = f"Saved as version {saved.entry.latest.number}."
    else:
        message = f"No changes to save: the text is version {saved.entry.latest.number}."
    return _answer(saved, message)


@bp.post("/<scenario_id>/publish")
@login_required
def publish(scenario_id: str):
    text = request.form.get("text")
    try:
        saved = library().publish(instructor_id(), scenario_id, text)
    except LibraryError as error:
        return _refused(scenario_id, error)
    number = saved.entry.published.number
    if saved.created:
        message = f"Version {number} is published: new sessions of '{saved.entry.id}' use it; sessions already started keep their text."
    else:
        message = f"Version {number} is already the published version."
    return _answer(saved, message)


def _answer(saved: Saved, message: str):
    entry = saved.entry
    if not wants_json():
        flash(message, "info")
        return redirect(url_for("authoring.edit", scenario_id=entry.id))
    return jsonify({"message": message, **_urls(entry.id),
                    "entry": _entry(entry), "check": _check(entry, saved.check, with_preview=False),
                    "versions": _versions(entry.id)})


def _refused(scenario_id: str, error: LibraryError):
    if isinstance(error, NotInLibrary):
        raise error
    if not wants_json():
        flash(error.message, "error")
        return redirect(url_for("authoring.edit", scenario_id=scenario_id))
    return jsonify({"error": error.message, "problems": [_problem(p) for p in error.problems]}), 422


# --- JSON for static/js/authoring.js ---------------------------------------------------------


def _urls(scenario_id: str) -> dict[str, str]:
    return {
        "edit_url": url_for("authoring.edit", scenario_id=scenario_id),
        "check_url": url_for("authoring.check", scenario_id=scenario_id),
        "save_url": url_for("authoring.save", scenario_id=scenario_id),
        "publish_url": url_for("authoring.publish", scenario_id=scenario_id),
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {"line": problem.line, "field": problem.field_path, "message": problem.message, "text": str(problem)}


def _check(entry: Entry, check: Check, *, with_preview: bool = True) -> dict[str, Any]:
    return {
        "problems": [_problem(p) for p in check.problems],
        "warnings": [_problem(p) for p in check.warnings],
        "ok": check.ok,
        "previewable": check.scenario is not None,
        "preview": preview(check.scenario) if with_preview and check.scenario is not None else None,
        "publish": _publishable(entry, check),
    }


def _publishable(entry: Entry, check: Check) -> dict[str, Any]:
    """Whether Publish may be pressed for this text, and why not."""
    count = len(check.problems)
    if count:
        return {"allowed": False, "reason": f"Fix the {count} problem{'s' if count != 1 else ''} before publishing."}
    same = check.scenario is not None and check.scenario.version == entry.latest.version
    if same and entry.published is not None and entry.published.number == entry.latest.number:
        return {"allowed": False, "reason": f"Version {entry.latest.number} is published; change the text to publish another."}
    return {"allowed": True, "reason": "Publishing saves the text and gives it to new sessions; sessions already started keep theirs."}


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "title": entry.title,
        "latest": entry.latest.number,
        "published": entry.published.number if entry.published else None,
        "ever_published": entry.ever_published,
    }


def _versions(scenario_id: str) -> list[dict[str, Any]]:
    return [_version(scenario_id, v) for v in library().versions(instructor_id(), scenario_id)]


def _version(scenario_id: str, v: Version) -> dict[str, Any]:
    return {
        "number": v.number,
        "title": v.title,
        "saved_by": v.saved_by,
        "created_at": v.created_at,
        "published_at": v.published_at,
        "url": url_for("authoring.version_text", scenario_id=scenario_id, number=v.number),
        "sessions": [{"id": s.id, "title": s.title, "status": s.status, "created_at": s.created_at,
                      "url": url_for("classroom.chair", session_id=s.id)} for s in v.sessions],
    }
