"""Realtime: Flask-SocketIO handlers over the service. See hub.py and docs/protocol.md."""

from .hub import Hub, seat_cookie
from .relay import relay_for

__all__ = ["Hub", "relay_for", "seat_cookie"]
