"""Plenary's entry point: picks the async mode, monkey-patches first when that mode needs
it, then hands over to the `plenary` command line.

`python app.py` serves the app; `plenary ...` runs any command. The async mode comes from
`--async-mode` or PLENARY_ASYNC_MODE: eventlet (the default), gevent or threading. Nothing
else in the project imports eventlet or gevent, and nothing patches anywhere but here.
"""

import os
import sys

ASYNC_MODES = ("eventlet", "gevent", "threading")


def async_mode(argv):
    """The async mode asked for on the command line or in the environment."""
    for i, arg in enumerate(argv):
        if arg.startswith("--async-mode="):
            return arg.split("=", 1)[1]
        if arg == "--async-mode" and i + 1 < len(argv):
            return argv[i + 1]
    return os.environ.get("PLENARY_ASYNC_MODE", "eventlet")


def patch(mode):
    """Monkey-patch the standard library for a green-thread server, before anything else
    imports it."""
    if mode == "eventlet":
        import warnings

        # eventlet announces its own retirement on import; the design card still asks for it
        # as the default, and the warning would only confuse an instructor reading the log.
        warnings.filterwarnings("ignore", message=r"(?s).*Eventlet is deprecated")
        import eventlet

        eventlet.monkey_patch()
        deflate_without_context_takeover()
    elif mode == "gevent":
        from gevent import monkey

        monkey.patch_all()


def deflate_without_context_takeover():
    """Browsers offer permessage-deflate and eventlet accepts it, keeping a zlib stream per
    connection for the connection's life: about 220 KB each, 110 MB at 500 clients
    (bench/fanout.py). Answering with server_no_context_takeover (RFC 7692 lets the server
    add it) keeps compression, which shrinks a 75 KB state to a few KB on classroom Wi-Fi,
    without the per-connection memory. PLENARY_WS_CONTEXT_TAKEOVER=1 keeps eventlet's way."""
    if os.environ.get("PLENARY_WS_CONTEXT_TAKEOVER") == "1":
        return
    from eventlet import websocket

    negotiate = websocket.WebSocketWSGI._negotiate_permessage_deflate

    def without_takeover(self, extensions):
        config = negotiate(self, extensions)
        if config is not None:
            config["server_no_context_takeover"] = True
        return config

    websocket.WebSocketWSGI._negotiate_permessage_deflate = without_takeover


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["serve"]:
        mode = async_mode(argv)
        if mode not in ASYNC_MODES:
            print(f"plenary: unknown async mode {mode!r}; choose one of {', '.join(ASYNC_MODES)}", file=sys.stderr)
            return 2
        patch(mode)
        os.environ["PLENARY_ASYNC_MODE"] = mode
    from game import cli

    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
