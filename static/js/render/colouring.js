// Which category each delegation falls in, for the map and its legend: by ballot in a
// vote, or by answer to the Final Acts. The categories and their colours (Okabe-Ito, safe
// for colour-blind readers) are always shown with words.

import * as label from "../labels.js";

export const CATEGORIES = {
  yes: {label: "Yes", colour: "#0072B2"},
  no: {label: "No", colour: "#D55E00"},
  abstain: {label: "Abstain", colour: "#E69F00"},
  pending: {label: "Not voted", colour: "#9a9a9a"},
  cast: {label: "Ballot cast (secret)", colour: "#56B4E9"},
  absent: {label: "Not voting", colour: "#d9d9d9"},
  signed: {label: "Signed", colour: "#0072B2"},
  reservation: {label: "Signed with a reservation", colour: "#E69F00"},
  declaration: {label: "Signed with a declaration", colour: "#56B4E9"},
  declined: {label: "Did not sign", colour: "#D55E00"},
  unanswered: {label: "No answer yet", colour: "#9a9a9a"},
  "for": {label: "Placard for", colour: "#0072B2"},
  against: {label: "Placard against", colour: "#D55E00"},
  silent: {label: "No placard", colour: "#9a9a9a"},
};

/** From an open decision: ballots (or placards) as the server shows them. */
export function decisionColouring(state, decision) {
  if (decision.method === "sounding") {
    return group(state, ["for", "against", "silent"], (d) => decision.placards[d.id] || "silent",
      `Placards: ${label.subject(state, decision.subject)}`);
  }
  if (!label.isVote(decision.method)) return null;
  const order = new Set(decision.order);
  const voted = new Set(decision.voted);
  const secret = decision.method === "secret_ballot";
  const keys = secret ? ["cast", "pending", "absent"] : ["yes", "no", "abstain", "pending", "absent"];
  return group(state, keys, (d) => {
    if (!order.has(d.id)) return "absent";
    if (secret) return voted.has(d.id) ? "cast" : "pending";
    return decision.ballots[d.id] || "pending";
  }, `${label.method(decision.method)}: ${label.subject(state, decision.subject)}`);
}

/** A closed vote, rebuilt from the ballots seen in the event log (open votes only). */
export function closedVoteColouring(state, events, outcome) {
  if (!label.isVote(outcome.method) || outcome.method === "secret_ballot") return null;
  const opened = events.find((x) => x.event.type === "VoteOpened" && x.event.decision === outcome.decision_id);
  if (!opened) return null;
  const order = new Set(opened.event.order);
  const ballots = {};
  for (const x of events) {
    if (x.event.type === "BallotCast" && x.event.decision === outcome.decision_id && x.event.choice) ballots[x.event.delegation] = x.event.choice;
  }
  return group(state, ["yes", "no", "abstain", "pending", "absent"],
    (d) => (!order.has(d.id) ? "absent" : ballots[d.id] || "pending"),
    `${label.method(outcome.method)}: ${label.subject(state, outcome.subject)}`);
}

export function signatureColouring(state) {
  return group(state, ["signed", "reservation", "declaration", "declined", "unanswered"],
    (d) => (state.signatures[d.id] ? state.signatures[d.id].kind : "unanswered"), "The Final Acts");
}

function group(state, keys, categorise, title) {
  const rows = keys.map((key) => ({key, ...CATEGORIES[key], delegations: []}));
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
  const byM49 = new Map();
  for (const d of state.delegations) {
    const key = categorise(d);
    (byKey[key] || byKey[keys[keys.length - 1]]).delegations.push(d);
    if (d.m49) byM49.set(String(d.m49).padStart(3, "0"), {key, name: d.name});
  }
  return {title, rows: rows.filter((r) => r.delegations.length || !["absent", "silent"].includes(r.key)), byM49};
}
