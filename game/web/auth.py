"""Instructors sign in; the first instructor signs up on a fresh install."""

from __future__ import annotations

from functools import wraps

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from game.accounts import AccountError, Accounts

from .security import throttle

bp = Blueprint("auth", __name__)
password_attempts = throttle("LOGIN", 10)


def accounts() -> Accounts:
    return current_app.extensions["plenary.classroom"].accounts


def instructor_id() -> int | None:
    return session.get("instructor_id")


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if instructor_id() is None or accounts().instructor(instructor_id()) is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(*args, **kwargs)

    return wrapped


@bp.route("/login", methods=["GET", "POST"])
def login():
    if not accounts().has_instructors():
        return redirect(url_for("auth.signup"))
    if request.method == "POST":
        address = request.remote_addr or "?"
        if password_attempts.exhausted(address):
            flash("Too many attempts; wait a minute and try again.", "error")
            return render_template("auth/login.html"), 429
        instructor = accounts().authenticate(request.form.get("username", ""), request.form.get("password", ""))
        if instructor is None:
            password_attempts.record(address)
            flash("That username and password do not match.", "error")
            return render_template("auth/login.html"), 401
        session.clear()
        session["instructor_id"] = instructor.id
        target = request.args.get("next", "")
        return redirect(target if target.startswith("/") and not target.startswith("//") else url_for("classroom.dashboard"))
    return render_template("auth/login.html")


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    """Open only until the first instructor exists; later ones come from `plenary user create`."""
    if accounts().has_instructors():
        return redirect(url_for("auth.login"))
    if request.method == "POST":
        try:
            instructor = accounts().create_instructor(request.form.get("username", ""), request.form.get("password", ""))
        except AccountError as error:
            flash(error.message, "error")
            return render_template("auth/signup.html"), 400
        session.clear()
        session["instructor_id"] = instructor.id
        return redirect(url_for("classroom.dashboard"))
    return render_template("auth/signup.html")


@bp.post("/logout")
def logout():
    session.clear()
    return redirect(url_for("classroom.home"))
