"""The bare Flask-SocketIO server for bench/fanout.py: on "vote" {id}, broadcast "tally" to all.

    .venv/bin/python bench/fanout/bare_flask.py PORT BODY.json [--async-mode eventlet]
                                                [--no-context-takeover]

Same stack and async mode as Plenary (eventlet, monkey-patched first, socketio.run), and the
same broadcast body (a batch message Plenary sent for a ballot), with none of Plenary's work:
the transport's floor. Listens on 127.0.0.1 only.

eventlet accepts permessage-deflate whenever a client offers it, with one zlib stream per
connection kept for the connection's life (context takeover); python-engineio has no setting
for WebSocket compression (http_compression and compression_threshold apply to long-polling).
--no-context-takeover answers the offer with server_no_context_takeover instead, so no zlib
state outlives a message: an experiment for the benchmark's compression figures, patched
here only.
"""

import json
import sys

MODE = sys.argv[sys.argv.index("--async-mode") + 1] if "--async-mode" in sys.argv else "eventlet"
if MODE == "eventlet":
    import warnings

    warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
    import eventlet

    eventlet.monkey_patch()

    if "--no-context-takeover" in sys.argv:
        from eventlet import websocket

        negotiate = websocket.WebSocketWSGI._negotiate_permessage_deflate

        def no_takeover(self, extensions):
            config = negotiate(self, extensions)
            if config is not None:
                config["server_no_context_takeover"] = True
            return config

        websocket.WebSocketWSGI._negotiate_permessage_deflate = no_takeover

from flask import Flask  # noqa: E402
from flask_socketio import SocketIO  # noqa: E402

port = int(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    body = json.load(f)

app = Flask(__name__)
socketio = SocketIO(app, async_mode=MODE, max_http_buffer_size=64 * 1024)


@socketio.on("vote")
def vote(message):
    socketio.emit("tally", {**body, "id": message.get("id") if isinstance(message, dict) else None})


print(f"bare Flask-SocketIO on {port} ({MODE}; {' '.join(sys.argv[3:])})", flush=True)
socketio.run(app, host="127.0.0.1", port=port, allow_unsafe_werkzeug=True, log_output=False)
