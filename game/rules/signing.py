"""Signing the Final Acts.

The texts adopted become the Final Acts, presented for signature (ITU General Rules No. 162).
Each delegation whose credentials entitle it to sign may sign, sign with a reservation or a
declaration whose text is kept (ITU Convention Art. 32B), or decline. The result is reported
as a split among the delegations entitled to sign, as WCIT-12's was: "89 signed, 55 did not
sign (of 144 accredited)".
"""

from __future__ import annotations

from dataclasses import dataclass

from . import commands as c
from . import events as e
from . import guards
from .errors import RuleViolation
from .state import SessionState, Signature
from .values import Actor, SignatureKind


@dataclass(frozen=True, slots=True)
class Split:
    """Who signed the Final Acts, overall and by bloc."""

    eligible: int
    signed: int
    with_reservation: int
    declined: int
    by_bloc: tuple[tuple[str, int, int], ...]
    """(bloc id, signed, did not sign) among the bloc's delegations entitled to sign."""

    @property
    def not_signed(self) -> int:
        return self.eligible - self.signed

    def describe(self) -> str:
        extra = f"; {self.with_reservation} with reservations or declarations" if self.with_reservation else ""
        return f"{self.signed} signed, {self.not_signed} did not sign (of {self.eligible} entitled to sign){extra}"


def open_signing(state: SessionState, actor: Actor, cmd: c.OpenSigning) -> list[e.Event]:
    guards.chair(actor, "open the Final Acts for signature")
    guards.allows(state, "signing", "open the Final Acts for signature")
    guards.no_open_decision(state, "open the Final Acts for signature")
    if state.signing != "closed":
        raise RuleViolation("signing_opened", "The Final Acts have already been opened for signature.")
    adopted = tuple(i.id for i in state.spec.agenda if state.items[i.id].status == "adopted")
    if not adopted:
        raise RuleViolation("nothing_adopted", "Nothing has been adopted, so there are no Final Acts to sign.")
    return [e.SigningOpened(adopted)]


def sign(state: SessionState, actor: Actor, cmd: c.SignFinalActs) -> list[e.Event]:
    delegation = guards.delegate(state, actor, "sign the Final Acts")
    if state.signing != "open":
        raise RuleViolation("signing_not_open", "The Final Acts are not open for signature.")
    guards.present(state, delegation)
    if not state.may_sign(delegation):
        raise RuleViolation("may_not_sign", f"{guards.name(state, delegation)}'s credentials do not entitle it to sign the Final Acts.")
    if delegation in state.signatures:
        raise RuleViolation("already_signed", "Your delegation has already given its answer on the Final Acts.")
    kind = SignatureKind(cmd.kind)
    needs_text = kind in (SignatureKind.RESERVATION, SignatureKind.DECLARATION)
    guards.text(cmd.text, f"The {kind.value}'s text", required=needs_text)
    return [e.FinalActsSigned(delegation, kind, cmd.text.strip() if needs_text else "")]


def close_signing(state: SessionState, actor: Actor, cmd: c.CloseSigning) -> list[e.Event]:
    guards.chair(actor, "close the signing")
    if state.signing != "open":
        raise RuleViolation("signing_not_open", "The Final Acts are not open for signature.")
    result = split(state)
    return [e.SigningClosed(result.signed, result.not_signed, result.eligible)]


def split(state: SessionState) -> Split:
    eligible = state.signatories()
    signed = {d for d in eligible if d in state.signatures and state.signatures[d].kind.is_signature}
    reserved = sum(1 for d in signed if state.signatures[d].kind is not SignatureKind.SIGNED)
    declined = sum(1 for d in eligible if d in state.signatures and d not in signed)
    by_bloc = []
    for bloc in state.spec.blocs:
        members = [d for d in eligible if state.spec.delegation(d).bloc == bloc.id]
        yes = sum(1 for d in members if d in signed)
        by_bloc.append((bloc.id, yes, len(members) - yes))
    return Split(len(eligible), len(signed), reserved, declined, tuple(by_bloc))


# --- evolve ------------------------------------------------------------------------------


def signing_opened(state: SessionState, event: e.SigningOpened) -> SessionState:
    return state.evolve(signing="open", final_acts=event.items)


def signed(state: SessionState, event: e.FinalActsSigned) -> SessionState:
    signature = Signature(event.kind, event.text)
    return state.evolve(signatures={**state.signatures, event.delegation: signature})


def signing_closed(state: SessionState, event: e.SigningClosed) -> SessionState:
    return state.evolve(signing="done")
