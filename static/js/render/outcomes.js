// Decisions taken: the server's verdict and its reason, word for word.

import {h} from "../dom.js";
import * as label from "../labels.js";

/** The list of outcomes, most recent first. */
export function outcomesList(state, {limit = Infinity, byBloc = false} = {}) {
  const outcomes = state.outcomes.slice().reverse().slice(0, limit);
  if (!outcomes.length) return h("p", {class: "muted", text: "No decision has been taken yet."});
  return h("ol", {class: "outcomes", reversed: true}, outcomes.map((o) => h("li", {}, outcomeCard(state, o, {byBloc}))));
}

export function outcomeCard(state, outcome, {byBloc = false, big = false} = {}) {
  return h("article", {class: ["outcome", `outcome-${outcome.decision}`, big && "is-big"]},
    h("p", {class: "outcome-head"},
      h("span", {class: `verdict verdict-${outcome.decision}`, text: label.decisionWord(outcome.decision)}),
      h("span", {class: "outcome-subject", text: label.subject(state, outcome.subject)}),
      h("span", {class: "outcome-method", text: label.method(outcome.method)})),
    h("p", {class: "outcome-reason", text: outcome.reason}),
    byBloc && outcome.by_bloc && outcome.by_bloc.length ? blocTable(state, outcome.by_bloc) : null);
}

function blocTable(state, rows) {
  return h("table", {class: "bloc-table"},
    h("caption", {class: "visually-hidden", text: "Votes by bloc"}),
    h("thead", {}, h("tr", {}, ["Bloc", "Yes", "No", "Abstain"].map((t, i) => h("th", {scope: "col", class: i ? "num" : "", text: t})))),
    h("tbody", {}, rows.map(([bloc, tally]) => h("tr", {},
      h("th", {scope: "row", text: label.bloc(state, bloc)}),
      h("td", {class: "num", text: String(tally.yes)}),
      h("td", {class: "num", text: String(tally.no)}),
      h("td", {class: "num", text: String(tally.abstain)})))));
}
