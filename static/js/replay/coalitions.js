// Coalitions: agreement between delegations vote by vote (a heat map, numbers in every
// cell), each bloc's cohesion (Rice index) per vote, and the line along which the
// conference split.

import {h, replace} from "../dom.js";
import * as label from "../labels.js";
import {picture} from "./names.js";

export function coalitionsSection(report) {
  const state = picture(report);
  const c = report.coalitions;
  const matrix = h("div", {class: "matrix-wrap"});
  const select = c.steps.length > 1 ? h("select", {id: "agreement-step", on: {change: () => draw(Number(select.value))}},
    c.steps.map((s, i) => h("option", {value: String(i), selected: i === c.steps.length - 1, text: `after ${s.decision}: ${s.label}`}))) : null;
  function draw(i) { replace(matrix, heatMap(state, c.order, c.steps[i])); }
  if (c.steps.length) draw(c.steps.length - 1);
  return h("section", {id: "coalitions", class: "card replay-section", "aria-labelledby": "coalitions-title"},
    h("h2", {id: "coalitions-title", text: "Coalitions"}),
    h("h3", {text: "Agreement between delegations"}),
    c.steps.length ? [h("p", {class: "muted", text: "The share of named votes in which two delegations both voted and cast the same ballot (secret ballots are never counted)."}),
      select ? h("label", {}, "Votes so far: ", select) : null, matrix]
      : h("p", {class: "muted", text: "No named vote was taken, so there is no agreement to measure."}),
    h("h3", {text: "Bloc cohesion (Rice index)"}),
    cohesion(state, report, c.cohesion),
    h("h3", {text: "Where the conference split"}),
    split(state, c.split));
}

function heatMap(state, order, step) {
  const short = (id) => id;
  return h("table", {class: "heatmap"},
    h("caption", {text: `Agreement after ${step.decision} (${step.label}), in percent`}),
    h("thead", {}, h("tr", {}, h("td", {}), order.map((id) => h("th", {scope: "col", title: label.delegation(state, id), text: short(id)})))),
    h("tbody", {}, order.map((a, i) => h("tr", {},
      h("th", {scope: "row", text: label.delegation(state, a)}),
      step.matrix[i].map((value, j) => {
        const cell = h("td", {class: ["heat", value === null ? "heat-none" : `heat-${Math.min(4, Math.floor(value / 20))}`],
          title: `${label.delegation(state, a)} and ${label.delegation(state, order[j])}`, text: value === null ? "–" : String(value)});
        return cell;
      })))));
}

function cohesion(state, report, rows) {
  if (!rows.length) return h("p", {class: "muted", text: "No named vote: cohesion cannot be measured."});
  return h("table", {class: "cohesion"},
    h("caption", {class: "visually-hidden", text: "Rice index per bloc per vote: 1 all on one side, 0 split down the middle"}),
    h("thead", {}, h("tr", {}, h("th", {scope: "col", text: "Vote"}), report.blocs.map((b) => h("th", {scope: "col", class: "num", text: b.name})))),
    h("tbody", {}, rows.map((row) => h("tr", {},
      h("th", {scope: "row", text: `${row.decision} · ${row.label}`}),
      report.blocs.map((b) => {
        const value = row.blocs[b.id];
        return h("td", {class: "num", text: value === null || value === undefined ? "—" : value.toFixed(2)});
      })))));
}

function split(state, line) {
  if (!line) return h("p", {class: "muted", text: "The conference took no named vote and opened no signing: there is no line to draw."});
  const basis = line.basis === "signing" ? "At the signing of the Final Acts" : `On the last named vote (${line.basis})`;
  return h("div", {class: "split-line"},
    h("p", {text: `${basis}:`}),
    h("div", {class: "split-sides"}, line.sides.map((side, i) => h("section", {class: `split-side side-${i}`},
      h("h4", {text: `${label.capitalise(side.label)} (${side.delegations.length})`}),
      h("p", {text: label.delegationList(state, side.delegations) || "nobody"})))),
    line.blocs.length ? h("ul", {class: "split-blocs-list"}, line.blocs.map((b) => h("li", {},
      h("strong", {text: label.bloc(state, b.bloc)}), `: ${b.place === "divided" ? "divided across the line" : b.place === "absent" ? "took no side" : `all ${b.place}`}`))) : null);
}
