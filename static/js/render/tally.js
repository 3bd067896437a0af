// Live counts of the open question, as the server computes them (decision.tally). The bars
// show shares of the roll; no threshold is drawn: whether a question passes is the server's
// to say, in the outcome's reason.

import {h} from "../dom.js";
import {countdown} from "../clock.js";
import * as label from "../labels.js";

/** The whole picture of the open decision: method, progress, counts. */
export function decisionTally(state, decision, {big = false} = {}) {
  if (decision.method === "consensus") return objections(state, decision, big);
  if (decision.method === "sounding") return placards(state, decision, big);
  if (decision.method === "secret_ballot") return secret(decision, big);
  return votes(decision, big);
}

function votes(decision, big) {
  const t = decision.tally;
  const roll = Math.max(t.roll, 1);
  return h("div", {class: ["tally", big && "is-big"]},
    progress(`${t.cast} of ${t.roll} delegations have voted`, decision),
    bars([
      {key: "yes", label: "Yes", count: t.yes},
      {key: "no", label: "No", count: t.no},
      {key: "abstain", label: "Abstain", count: t.abstain},
      {key: "pending", label: "Not yet voted", count: Math.max(0, t.roll - t.cast)},
    ], roll));
}

function secret(decision, big) {
  const t = decision.tally;
  return h("div", {class: ["tally", big && "is-big"]},
    progress(`${t.cast} of ${t.roll} ballots cast. The ballot is secret: only the totals are announced, when the chair closes the vote.`, decision),
    bars([{key: "cast", label: "Ballots cast", count: t.cast}, {key: "pending", label: "Not yet", count: Math.max(0, t.roll - t.cast)}], Math.max(t.roll, 1)));
}

function placards(state, decision, big) {
  const t = decision.tally;
  const present = Math.max(state.delegations.filter((d) => d.present).length, 1);
  return h("div", {class: ["tally", big && "is-big"]},
    progress("Placards raised. A sounding is indicative: it takes no decision.", decision),
    bars([{key: "yes", label: "For", count: t.for}, {key: "no", label: "Against", count: t.against}], present));
}

function objections(state, decision, big) {
  const entries = Object.entries(decision.objections);
  return h("div", {class: ["tally", "consensus", big && "is-big"]},
    decision.deadline ? h("p", {class: "deadline"}, "Time to object: ", countdown(decision.deadline, {label: "left to object", className: "countdown-deadline"})) : null,
    entries.length
      ? h("div", {class: "objections"},
        h("p", {class: "objection-count", text: `${entries.length} objection${entries.length === 1 ? "" : "s"}`}),
        h("ul", {class: "objection-list"}, entries.map(([d, reason]) =>
          h("li", {}, h("strong", {text: label.delegation(state, d)}), reason ? `: ${reason}` : ""))))
      : h("p", {class: "objection-count is-none", text: "No objection so far"}));
}

function progress(text, decision) {
  return h("p", {class: "tally-progress"}, text,
    decision.deadline && decision.method !== "consensus" ? h("span", {class: "deadline"}, " · closes in ", countdown(decision.deadline, {label: "until the vote closes"})) : null);
}

/** Horizontal bars with their numbers in text; the bars themselves are decoration. */
export function bars(rows, total) {
  return h("dl", {class: "bars"}, rows.map((row) => {
    const fill = h("span", {class: `bar-fill fill-${row.key}`});
    fill.style.width = `${Math.round((row.count / total) * 1000) / 10}%`;
    return h("div", {class: "bar-row"},
      h("dt", {class: "bar-label", text: row.label}),
      h("dd", {class: "bar-value"},
        h("span", {class: "bar-track", "aria-hidden": "true"}, fill),
        h("span", {class: "bar-count", text: String(row.count)})));
  }));
}

/** One line naming the open question: "Roll-call vote on Amendment A2 to the Preamble". */
export function questionLine(state, decision) {
  return `${label.method(decision.method)} on ${label.subject(state, decision.subject)}`;
}
