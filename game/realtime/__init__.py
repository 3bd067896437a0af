"""Realtime: Flask-SocketIO handlers over the service. See hub.py and docs/protocol.md."""

from .hub import Hub, seat_cookie

__all__ = ["Hub", "seat_cookie"]
