// The question before the conference, from a delegation's seat: what is being decided, and
// your part in it (object, raise a placard, vote, for yourself and for votes you hold).

import {h} from "../dom.js";
import {button, field, form, submit, textArea} from "../controls.js";
import * as label from "../labels.js";
import {amendmentCard} from "../render/amendment.js";
import {treatyText} from "../render/treaty.js";
import {decisionTally, questionLine} from "../render/tally.js";
import {outcomeCard} from "../render/outcomes.js";

export function key({state}) {
  return JSON.stringify([state.decision, state.you.delegation, state.you.holds_votes_of, state.outcomes.length,
    state.decision && state.amendments, state.decision && state.items, state.delegations.map((d) => d.vote_held_by)]);
}

export function render(ctx) {
  const {state} = ctx;
  const decision = state.decision;
  if (!decision) {
    const last = state.outcomes[state.outcomes.length - 1];
    return [h("p", {class: "empty-state", text: "No question is before the conference."}),
      last ? h("div", {}, h("h3", {class: "subhead", text: "Last decision"}), outcomeCard(state, last)) : null];
  }
  return [
    h("p", {class: "question-line"}, h("span", {class: "tag tag-live", text: "Open"}), " ", questionLine(state, decision)),
    subjectText(state, decision.subject),
    // The deadline matters before you object; a vote's running count can wait until after.
    decision.method === "consensus" ? decisionTally(state, decision) : null,
    h("div", {class: "your-part"}, yourPart(ctx, decision)),
    decision.method === "consensus" ? null : decisionTally(state, decision),
  ];
}

function subjectText(state, subj) {
  if (subj.kind === "amendment") {
    const a = label.amendmentOf(state, subj.id);
    return a ? amendmentCard(state, a) : null;
  }
  const item = state.items.find((i) => i.id === subj.id);
  return item ? h("div", {class: "question-text"}, treatyText(item.segments)) : null;
}

function yourPart(ctx, decision) {
  if (decision.method === "consensus") return objection(ctx, decision);
  if (decision.method === "sounding") return placard(ctx, decision);
  return votes(ctx, decision);
}

function objection(ctx, decision) {
  const me = ctx.state.you.delegation;
  if (me in decision.objections) {
    const reason = decision.objections[me];
    return h("p", {class: "recorded", text: `Your delegation has objected${reason ? `: ${reason}` : "."}`});
  }
  return form("object", (f) => ctx.act("object", {type: "RaiseObjection", reason: f.elements["object-reason"].value},
    {form: f, success: "Your objection is recorded."}), [
    h("p", {class: "prompt", text: "The chair asks: is there any objection? Silence until the deadline counts as consent."}),
    field("Your reason (optional, read to the room)", textArea("object-reason", {rows: 2, maxLength: 4000})),
    h("div", {class: "actions"}, submit("object-go", "Object", {variant: "danger"})),
  ]);
}

function placard(ctx, decision) {
  const mine = decision.placards[ctx.state.you.delegation];
  const raise = (p) => () => ctx.act(`placard-${p}`, {type: "RaisePlacard", placard: p}, {success: `Your placard says ${p}.`});
  return h("div", {},
    h("p", {class: "prompt", text: "The chair is sounding the room. Raise your placard: this is not a vote."}),
    h("div", {class: "actions choice-buttons"},
      button("placard-for", "For", raise("for"), {pressed: mine === "for", variant: "choice-yes"}),
      button("placard-against", "Against", raise("against"), {pressed: mine === "against", variant: "choice-no"})),
    mine ? h("p", {class: "recorded", text: `Your placard says ${mine}. You can change it until the chair closes the sounding.`}) : null);
}

function votes(ctx, decision) {
  const {state} = ctx;
  const me = state.you.delegation;
  const mine = state.delegations.find((d) => d.id === me);
  const rows = [];
  if (mine && mine.vote_held_by) rows.push(h("p", {class: "recorded", text: `Your vote is held by ${label.delegation(state, mine.vote_held_by)}.`}));
  else rows.push(ballotRow(ctx, decision, me, null));
  for (const giver of state.you.holds_votes_of || []) rows.push(ballotRow(ctx, decision, giver, giver));
  return rows;
}

function ballotRow(ctx, decision, voter, onBehalf) {
  const {state} = ctx;
  const name = label.delegation(state, voter);
  const heading = onBehalf ? `On behalf of ${name}` : "Your vote";
  if (!decision.order.includes(voter)) return h("p", {class: "muted", text: `${heading}: ${name} is not on the roll for this question.`});
  if (decision.voted.includes(voter)) {
    const choice = decision.ballots[voter];
    return h("p", {class: "recorded"}, h("strong", {text: `${heading}: `}),
      choice ? `${label.CHOICES[choice]}, recorded.` : "your secret ballot is cast.");
  }
  const prefix = onBehalf ? `ballot-${voter}` : "ballot";
  const cast = (choice) => () => {
    const command = {type: "CastBallot", choice};
    if (onBehalf) command.on_behalf_of = onBehalf;
    ctx.act(`${prefix}-${choice}`, command, {success: `${heading}: ${label.CHOICES[choice]}. Recorded.`});
  };
  return h("div", {class: "ballot", role: "group", "aria-label": heading},
    h("p", {class: "prompt", text: decision.method === "secret_ballot" ? `${heading} (secret ballot)` : heading}),
    h("div", {class: "actions choice-buttons"},
      button(`${prefix}-yes`, "Yes", cast("yes"), {variant: "choice-yes"}),
      button(`${prefix}-no`, "No", cast("no"), {variant: "choice-no"}),
      button(`${prefix}-abstain`, "Abstain", cast("abstain"), {variant: "choice-abstain"})));
}
