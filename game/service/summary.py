"""A session's state as a few screens of plain text, for `plenary session replay`."""

from __future__ import annotations

from game.rules import signing
from game.rules.state import SessionState


def render(state: SessionState) -> str:
    spec = state.spec
    phase = spec.phase(state.phase).name
    status = "ended" if state.ended else ("in progress" if state.started else "not started")
    lines = [f"{spec.title} — event {state.seq}, {status}, phase: {phase}", ""]
    lines += _delegations(state)
    lines += ["", "Agenda:"]
    for agenda in spec.agenda:
        item = state.items[agenda.id]
        brackets = f", {len(item.brackets)} bracket(s) open" if item.brackets else ""
        lines.append(f"  [{item.status}] {agenda.title} (reading {item.reading}{brackets})")
        lines.append(f"      {item.text}")
    pending = [a for a in state.amendments.values() if a.pending]
    if pending:
        lines += ["", "Pending amendments:"]
        lines += [f"  {a.id} on {a.item}{'/' + a.bracket if a.bracket else ''} by {', '.join(a.sponsors)}: {a.text!r}" for a in pending]
    if state.decision is not None:
        d = state.decision
        lines += ["", f"Before the conference: {d.subject} by {d.method.replace('_', ' ')} ({len(d.ballots)} ballots, {len(d.objections)} objections)"]
    if state.outcomes:
        lines += ["", "Decisions:"]
        lines += [f"  {o.decision_id} {o.subject}: {o.reason}" for o in state.outcomes]
    if state.floor.current or state.floor.speakers:
        speaking = state.floor.current.delegation if state.floor.current else "nobody"
        waiting = ", ".join(s.delegation for s in state.floor.speakers) or "none"
        lines += ["", f"Floor: {speaking} speaking; list: {waiting}"]
    if state.signing != "closed":
        lines += ["", f"Final Acts: {signing.split(state).describe()}"]
        for bloc, yes, no in signing.split(state).by_bloc:
            lines.append(f"  {bloc}: {yes} signed, {no} did not")
    return "\n".join(lines)


def _delegations(state: SessionState) -> list[str]:
    spec = state.spec
    voters = len(state.voters())
    seated = sum(1 for d in spec.delegations if state.seated(d.id))
    return [
        f"Delegations: {len(spec.delegations)} ({voters} voting and present, {seated} seated, "
        f"{len(spec.delegations) - seated} on autopilot); messages: {state.messages}"
    ]
