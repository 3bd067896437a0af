"""The web app: an app factory, extensions attached with init_app, one blueprint per area."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, render_template
from flask_socketio import SocketIO
from werkzeug.middleware.proxy_fix import ProxyFix

from game import store
from game.accounts import Accounts
from game.library import Library
from game.realtime import Hub, relay_for
from game.service import Classroom, Service

from . import security

ROOT = Path(__file__).resolve().parents[2]
socketio = SocketIO()

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"), instance_path=str(ROOT / "instance"))
    app.config.update(
        DATABASE_URL=os.environ.get("DATABASE_URL"),
        REDIS_URL=os.environ.get("REDIS_URL"),
        REDIS_PREFIX=os.environ.get("PLENARY_REDIS_PREFIX", "plenary"),
        PROXIES=int(os.environ.get("PLENARY_PROXIES", "0")),
        ASYNC_MODE=os.environ.get("PLENARY_ASYNC_MODE", "threading"),
        SECRET_KEY=os.environ.get("PLENARY_SECRET_KEY"),
        BATCH_WINDOW=float(os.environ.get("PLENARY_BATCH_WINDOW", "0.1")),
        CORS_ORIGINS=os.environ.get("PLENARY_ORIGINS"),
        MIGRATE=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    app.config.update(config or {})
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = security.secret_key(Path(app.instance_path))
    if app.config["MIGRATE"]:
        store.migrate(app.config["DATABASE_URL"])
    engine = store.make_engine(app.config["DATABASE_URL"])
    classroom = Classroom(Service(store.EventStore(engine)), Accounts(engine))
    app.extensions["plenary"] = classroom.service
    app.extensions["plenary.classroom"] = classroom
    app.extensions["plenary.library"] = Library(engine)
    origins = app.config["CORS_ORIGINS"].split(",") if app.config["CORS_ORIGINS"] else None
    prefix = app.config["REDIS_PREFIX"]
    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["REDIS_URL"],
        channel=f"{prefix}:socketio",
        cors_allowed_origins=origins,
        max_http_buffer_size=256 * 1024,
    )
    if app.config["PROXIES"] > 0:
        # The client's address and scheme as the proxies in front say (the throttles count
        # per address); outermost, so that socket connections see them too.
        hops = app.config["PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    hub = Hub(socketio, classroom, window=app.config["BATCH_WINDOW"],
              relay=relay_for(app.config["REDIS_URL"], channel=f"{prefix}:news"), seat_guesses=security.seat_attempts)
    hub.register()
    app.extensions["plenary.hub"] = hub

    from . import auth, authoring_pages, classroom_pages, pages, replay_pages

    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(classroom_pages.bp)
    app.register_blueprint(replay_pages.bp)
    app.register_blueprint(authoring_pages.bp)
    security.share_throttles(app.config["REDIS_URL"], prefix)  # every throttle made by now
    app.before_request(security.check_csrf)
    app.jinja_env.globals["csrf_token"] = security.csrf_token

    @app.errorhandler(404)
    def not_found(error):
        return render_template("web/error.html", message="There is nothing at this address."), 404

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app
