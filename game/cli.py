"""The `plenary` command.

    plenary serve [--host H] [--port P] [--async-mode M]
    plenary db upgrade
    plenary scenario validate FILE... | schema | list | rehearse ID|FILE [--seed N]
    plenary scenario publish FILE --owner USERNAME
    plenary session create --scenario ID [--title T] [--rehearse [--seed N]]
    plenary session list
    plenary session do ID --as chair|delegate:ID|system COMMAND_JSON
    plenary session replay ID [--at SEQ]
    plenary session export ID --format json|minutes-html|minutes-md|rollcall-csv [-o FILE]
    plenary session reveal ID on|off
    plenary session import FILE

Errors are sentences on stderr and a non-zero exit, never tracebacks.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path

from game import scenario as scenarios
from game import store
from game.rules import unattended
from game.rules.errors import PlenaryError
from game.rules.signing import split
from game.rules.values import Actor
from game.service import Service, UnknownSession, archive, minutes, summary
from game.service.debrief import Debrief
from game.service.reveals import Reveals


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not hasattr(args, "run"):
        _parser().print_help()
        return 2
    try:
        return args.run(args) or 0
    except scenarios.ScenarioError as error:
        print(error, file=sys.stderr)
        return 1
    except scenarios.ScenarioNotFound as error:
        print(f"plenary: {error}", file=sys.stderr)
        return 1
    except PlenaryError as error:
        print(f"plenary: {error.message}", file=sys.stderr)
        return 1
    except unattended.CourseError as error:
        print(f"plenary: {error}", file=sys.stderr)
        return 1
    except (OSError, json.JSONDecodeError) as error:
        print(f"plenary: {error}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="plenary", description="Multilateral negotiation role-play server.")
    parser.add_argument("--database", default=None, help="database URL (default: DATABASE_URL or SQLite under instance/)")
    sub = parser.add_subparsers()

    serve = sub.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default=os.environ.get("PLENARY_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("PLENARY_PORT", "5000")))
    serve.add_argument("--async-mode", default=os.environ.get("PLENARY_ASYNC_MODE", "eventlet"))
    serve.set_defaults(run=_serve)

    user = sub.add_parser("user", help="instructor accounts").add_subparsers()
    create_user = user.add_parser("create", help="create an instructor account (asks for the password)")
    create_user.add_argument("username")
    create_user.add_argument("--password", help="the password (default: ask; or PLENARY_PASSWORD)")
    create_user.set_defaults(run=_create_user)

    db = sub.add_parser("db", help="database maintenance").add_subparsers()
    db.add_parser("upgrade", help="apply the database migrations").set_defaults(run=_db_upgrade)

    scenario = sub.add_parser("scenario", help="scenario files").add_subparsers()
    validate = scenario.add_parser("validate", help="check scenario files; exit 1 on any error")
    validate.add_argument("files", nargs="+", type=Path)
    validate.set_defaults(run=_validate)
    scenario.add_parser("schema", help="print the JSON Schema of scenario files").set_defaults(run=_schema)
    scenario.add_parser("list", help="list the bundled scenarios").set_defaults(run=_list_scenarios)
    publish = scenario.add_parser("publish", help="publish a scenario file in an instructor's library: new sessions of it use this text")
    publish.add_argument("file", type=Path)
    publish.add_argument("--owner", required=True, help="the instructor's username")
    publish.set_defaults(run=_publish)
    rehearse = scenario.add_parser("rehearse", help="follow the scenario's course with every seat on autopilot, and print what happens")
    rehearse.add_argument("scenario", help="a bundled scenario id, or a YAML file")
    rehearse.add_argument("--seed", type=int, default=0, help="draws what chance decides (loyalty, roll-call lots)")
    rehearse.set_defaults(run=_rehearse)

    session = sub.add_parser("session", help="sessions").add_subparsers()
    create = session.add_parser("create", help="create a session from a bundled scenario or a file")
    create.add_argument("--scenario", required=True, help="a bundled scenario id, or a YAML file")
    create.add_argument("--title")
    create.add_argument("--rehearse", action="store_true", help="store an unattended run of the scenario's course (a finished session)")
    create.add_argument("--seed", type=int, default=0, help="with --rehearse: the autopilot's seed")
    create.set_defaults(run=_create)
    session.add_parser("list", help="list sessions").set_defaults(run=_list_sessions)
    do = session.add_parser("do", help="issue one command, as JSON, in a session")
    do.add_argument("id")
    do.add_argument("--as", dest="actor", default="chair", help="chair, system, or delegate:ID")
    do.add_argument("command", help='e.g. \'{"type": "CallVote", "subject": {"kind": "item", "id": "preamble"}, "method": "roll_call"}\'')
    do.set_defaults(run=_do)
    replay = session.add_parser("replay", help="print the state of a session at a point of its log")
    replay.add_argument("id")
    replay.add_argument("--at", type=int, default=None, help="the event number (default: the latest)")
    replay.set_defaults(run=_replay)
    export = session.add_parser("export", help="export a session")
    export.add_argument("id")
    export.add_argument("--format", choices=["json", "minutes-html", "minutes-md", "rollcall-csv"], default="json",
                        help="the event log (importable), the minutes, or the roll-call table")
    export.add_argument("-o", "--output", type=Path)
    export.set_defaults(run=_export)
    reveal = session.add_parser("reveal", help="show the back-channel (private and bloc messages) in the replay and exports, or hide it")
    reveal.add_argument("id")
    reveal.add_argument("state", choices=["on", "off"])
    reveal.set_defaults(run=_reveal)
    import_ = session.add_parser("import", help="import an exported session as a new session")
    import_.add_argument("file", type=Path)
    import_.set_defaults(run=_import)
    return parser


def open_service(args: argparse.Namespace) -> Service:
    url = args.database or os.environ.get("DATABASE_URL")
    store.migrate(url)
    return Service(store.EventStore(store.make_engine(url)))


def _serve(args: argparse.Namespace) -> int:
    from game.web import create_app, socketio

    os.environ["PLENARY_ASYNC_MODE"] = args.async_mode
    url = args.database or os.environ.get("DATABASE_URL")
    _migrate_in_child(url)
    app = create_app({"DATABASE_URL": url, "ASYNC_MODE": args.async_mode, "MIGRATE": False})
    print(f"Plenary is serving on http://{args.host}:{args.port}/ ({args.async_mode})", flush=True)
    # What start-up made (modules, the app, the bundled scenarios) lives as long as the process:
    # moved out of the collector's sight, a full collection no longer rescans it, which would
    # otherwise add tens of milliseconds to whichever request happened to trigger one.
    gc.collect()
    gc.freeze()
    socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True, log_output=False)
    return 0


def _create_user(args: argparse.Namespace) -> int:
    import getpass

    from game.accounts import AccountError, Accounts

    url = args.database or os.environ.get("DATABASE_URL")
    store.migrate(url)
    password = args.password or os.environ.get("PLENARY_PASSWORD") or getpass.getpass(f"Password for {args.username}: ")
    try:
        instructor = Accounts(store.make_engine(url)).create_instructor(args.username, password)
    except AccountError as error:
        print(f"plenary: {error.message}", file=sys.stderr)
        return 1
    print(f"Instructor '{instructor.username}' can now sign in.")
    return 0


def _migrate_in_child(url: str | None) -> None:
    """Apply migrations in a short-lived child process, so the long-lived server never loads
    Alembic (about 10 MB it would keep for nothing)."""
    import subprocess

    env = {**os.environ, "DATABASE_URL": url} if url else dict(os.environ)
    code = "from game import store; store.migrate()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


def _db_upgrade(args: argparse.Namespace) -> int:
    store.migrate(args.database or os.environ.get("DATABASE_URL"))
    print("The database is up to date.")
    return 0


def _validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.files:
        try:
            loaded = scenarios.load_file(path)
        except scenarios.ScenarioError as error:
            print(error, file=sys.stderr)
            failed += 1
            continue
        spec = loaded.spec
        print(f"{path}: ok — {spec.title}: {len(spec.delegations)} delegations, {len(spec.blocs)} blocs, {len(spec.agenda)} agenda items")
        for warning in loaded.warnings:
            print(f"  warning: {warning}")
    return 1 if failed else 0


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(scenarios.json_schema(), indent=2))
    return 0


def _publish(args: argparse.Namespace) -> int:
    """As Publish does in the browser: the file must pass the checks, and its id must be the
    instructor's own or free."""
    from game.library import Library, LibraryError

    loaded = scenarios.load_file(args.file)
    url = args.database or os.environ.get("DATABASE_URL")
    store.migrate(url)
    library = Library(store.make_engine(url))
    owner = library.instructor_id(args.owner)
    if owner is None:
        print(f"plenary: there is no instructor '{args.owner}'", file=sys.stderr)
        return 1
    try:
        saved = library.publish_text(owner, loaded.text)
    except LibraryError as error:
        print(f"plenary: {error.message}", *error.problems, sep="\n", file=sys.stderr)
        return 1
    number = saved.entry.published.number
    said = "published" if saved.created else "already the published version"
    print(f"{saved.entry.id}: version {number} is {said}; new sessions of it use this text.")
    return 0


def _list_scenarios(args: argparse.Namespace) -> int:
    for loaded in scenarios.bundled():
        spec = loaded.spec
        print(f"{loaded.id:28} {spec.title} ({len(spec.delegations)} delegations)")
    return 0


def _create(args: argparse.Namespace) -> int:
    loaded = _scenario_arg(args.scenario)
    service = open_service(args)
    if args.rehearse:
        session_id = archive.store_rehearsal(service, loaded, seed=args.seed, title=args.title)
    else:
        session_id = service.create_session(loaded, title=args.title)
    print(session_id)
    return 0


def _scenario_arg(given: str) -> scenarios.Scenario:
    path = Path(given)
    return scenarios.load_file(path) if path.suffix in (".yaml", ".yml") else scenarios.find(given)


def _rehearse(args: argparse.Namespace) -> int:
    loaded = _scenario_arg(args.scenario)
    run = unattended.play(loaded.spec, args.seed)
    spec = run.state.spec
    print(f"{spec.title}: the course with every seat on autopilot (seed {args.seed})")
    for line in run.lines:
        print(line)
    print(f"{len(run.records)} events; {len(run.state.outcomes)} decisions.")
    for outcome in run.state.outcomes:
        tally = f" [{outcome.tally.yes}-{outcome.tally.no}-{outcome.tally.abstain}]" if outcome.tally else ""
        print(f"  {outcome.decision_id} {outcome.subject}: {outcome.decision.value}{tally}")
    if run.state.signatures:
        print(f"Final Acts: {split(run.state).describe()}")
    return 0


def _list_sessions(args: argparse.Namespace) -> int:
    service = open_service(args)
    for row in service.store.list_sessions():
        print(f"{row.id:12} {row.scenario_id:24} {row.title} (event {service.store.last_seq(row.id)})")
    return 0


def _do(args: argparse.Namespace) -> int:
    service = open_service(args)
    result = service.handle_payload(args.id, Actor.parse(args.actor), json.loads(args.command))
    for record in result.records:
        print(f"{record.seq:6} {type(record.event).__name__}")
    for outcome in result.state.outcomes[-1:]:
        if any(type(r.event).__name__ == "DecisionClosed" for r in result.records):
            print(outcome.reason)
    return 0


def _replay(args: argparse.Namespace) -> int:
    service = open_service(args)
    print(summary.render(service.state(args.id, upto=args.at)))
    return 0


def _export(args: argparse.Namespace) -> int:
    """What the instructor's replay page exports: the back-channel only once revealed."""
    service = open_service(args)
    if args.format == "json":
        document = json.dumps(archive.export(service, args.id), indent=1, ensure_ascii=False)
    else:
        debrief = Debrief(service)
        audience = debrief.audience(args.id, instructor=True)
        report = debrief.report(args.id, audience)
        if args.format == "rollcall-csv":
            document = minutes.rollcall_csv(report)
        else:
            made = minutes.minutes_html if args.format == "minutes-html" else minutes.minutes_markdown
            document = made(service.store.get_session(args.id).title, report, debrief.timeline(args.id, audience))
    if args.output:
        args.output.write_text(document if document.endswith("\n") else document + "\n", encoding="utf-8")
    else:
        print(document)
    return 0


def _reveal(args: argparse.Namespace) -> int:
    service = open_service(args)
    if service.store.get_session(args.id) is None:
        raise UnknownSession(args.id)
    Reveals(service.store.engine).set(args.id, args.state == "on")
    print("The back-channel is revealed in the replay and its exports." if args.state == "on"
          else "The back-channel is hidden: only senders and recipients see it.")
    return 0


def _import(args: argparse.Namespace) -> int:
    document = json.loads(args.file.read_text(encoding="utf-8"))
    print(archive.import_(open_service(args), document))
    return 0
