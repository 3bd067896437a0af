"""The web app: an app factory, extensions attached with init_app, one blueprint per area."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from flask_socketio import SocketIO

from game import store
from game.service import Service

ROOT = Path(__file__).resolve().parents[2]
socketio = SocketIO()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"), static_folder=str(ROOT / "static"), instance_path=str(ROOT / "instance"))
    app.config.update(
        DATABASE_URL=os.environ.get("DATABASE_URL"),
        ASYNC_MODE=os.environ.get("PLENARY_ASYNC_MODE", "threading"),
        SECRET_KEY=os.environ.get("PLENARY_SECRET_KEY") or os.urandom(32).hex(),
        MIGRATE=True,
    )
    app.config.update(config or {})
    if app.config["MIGRATE"]:
        store.migrate(app.config["DATABASE_URL"])
    engine = store.make_engine(app.config["DATABASE_URL"])
    app.extensions["plenary"] = Service(store.EventStore(engine))
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"])

    from . import pages

    app.register_blueprint(pages.bp)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    return app


def service(app: Flask) -> Service:
    return app.extensions["plenary"]
