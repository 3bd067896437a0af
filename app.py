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
        green_database_waits()
        import eventlet

        eventlet.monkey_patch()
        websocket_compression()
    elif mode == "gevent":
        from gevent import monkey

        monkey.patch_all()


def green_database_waits():
    """psycopg 3 waits for PostgreSQL in C (poll(2)) unless it sees gevent's patching; under
    eventlet that wait stops the whole process: every socket and every other session stood
    still for each query's round trip (a pg_sleep(1) in one green thread held a 50 ms ticker
    in another for 1.03 s; tests/production/test_green_waits.py). psycopg's wait_select goes
    through select.select, which eventlet makes green (its hub, so no 1,024-descriptor limit),
    so a query yields to the other green threads until its answer comes. psycopg reads
    PSYCOPG_WAIT_FUNC once, when first imported: hence here, before anything imports it; a
    value already set in the environment is kept."""
    os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")


def websocket_compression():
    """Browsers offer permessage-deflate and eventlet accepts it, compressing every message
    once per connection. bench/fanout.py measured, at 500 clients: p95 ballot-to-tally
    174 ms with it and 45 ms without, 57 vs 21 ms of server CPU per ballot, the same peak
    memory (one zlib stream per connection; without context takeover the memory goes but
    the CPU stays). A ballot's batch is ~2 KB uncompressed, so by default the server declines
    compression: PLENARY_WS_DEFLATE=on accepts it without context takeover (RFC 7692 lets the
    server add that), =context accepts it as eventlet does."""
    mode = os.environ.get("PLENARY_WS_DEFLATE", "off")
    if mode == "context":
        return
    from eventlet import websocket

    negotiate = websocket.WebSocketWSGI._negotiate_permessage_deflate

    def negotiated(self, extensions):
        if mode != "on":
            return None
        config = negotiate(self, extensions)
        if config is not None:
            config["server_no_context_takeover"] = True
        return config

    websocket.WebSocketWSGI._negotiate_permessage_deflate = negotiated


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
