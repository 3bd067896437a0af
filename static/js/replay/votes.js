// Every decision and the signing: a world map, the roll-call table, per-bloc bars, and the
// same ballots counted under another rule. Soundings are shown as what they were: indicative.

import {h, replace} from "../dom.js";
import * as label from "../labels.js";
import {bars} from "../render/tally.js";
import {decisionColouring, signatureColouring} from "../render/colouring.js";
import {worldMap} from "../render/worldmap.js";
import {picture} from "./names.js";

export function votesSection(report) {
  const state = picture(report);
  const map = worldMap({names: true});
  const detail = h("div", {class: "vote-detail", "aria-live": "polite"});
  const choices = report.votes.map((v, i) => ({key: `v${i}`, title: `${v.decision} · ${v.label}`, note: `${label.method(v.method)} · ${label.decisionWord(v.result)}`, draw: () => vote(state, report, v, map)}));
  if (report.signing) choices.push({key: "signing", title: "The Final Acts", note: report.signing.text, draw: () => signing(state, report, map)});
  const picker = h("ul", {class: "vote-picker"});
  const buttons = choices.map((c) => h("button", {type: "button", class: "vote-pick", dataset: {vote: c.key}, "aria-pressed": "false",
    on: {click: () => show(c)}}, h("span", {class: "vote-pick-title", text: c.title}), h("span", {class: "vote-pick-note", text: c.note})));
  buttons.forEach((b) => picker.append(h("li", {}, b)));

  function show(choice) {
    buttons.forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.vote === choice.key)));
    replace(detail, choice.draw());
  }

  const section = h("section", {id: "votes", class: "card replay-section", "aria-labelledby": "votes-title"},
    h("h2", {id: "votes-title", text: "Votes and the signing"}),
    choices.length ? h("div", {class: "votes-body"}, h("nav", {"aria-label": "Decisions"}, picker), detail)
      : h("p", {class: "muted", text: "No decision was taken in this session."}));
  const first = choices.find((c) => c.key === "signing") || choices.find((c, i) => report.votes[i] && label.isVote(report.votes[i].method)) || choices[0];
  if (first) show(first);
  return section;
}

function vote(state, report, v, map) {
  const named = label.isVote(v.method) || v.method === "sounding";
  const open = {method: v.method, order: v.order, voted: v.voted, ballots: v.ballots, placards: v.placards, subject: v.subject};
  const colouring = named ? decisionColouring(state, open) : null;
  if (colouring) map.update(colouring);
  return h("article", {class: ["vote", v.indicative && "is-indicative"]},
    h("header", {},
      h("p", {class: "eyebrow", text: `${v.decision} · ${label.method(v.method)} · ${v.rule}`}),
      h("h3", {text: v.label}),
      v.indicative ? h("p", {class: "indicative-note", text: "Indicative only: a sounding of the room takes no decision, and no numbers count towards one."}) : null,
      h("p", {class: "outcome-head"}, h("span", {class: `verdict verdict-${v.result}`, text: label.decisionWord(v.result)}), " ", h("span", {text: v.reason}))),
    Object.keys(v.objections).length ? h("p", {}, h("strong", {text: "Objections: "}),
      Object.entries(v.objections).map(([d, why]) => `${label.delegation(state, d)}${why ? ` (${why})` : ""}`).join("; ")) : null,
    colouring ? map.el : null,
    v.secret ? h("p", {class: "muted", text: "A secret ballot: who voted is on record, never how. Only the totals are known."}) : null,
    v.order.length && !v.secret ? rollCall(state, v) : null,
    v.by_bloc.length ? blocBars(state, v) : null,
    v.retallies.length ? counterfactual(v) : null);
}

function rollCall(state, v) {
  return h("table", {class: "roll replay-roll"},
    h("caption", {text: "Roll call, in the order it was called"}),
    h("thead", {}, h("tr", {}, h("th", {scope: "col", text: "Delegation"}), h("th", {scope: "col", text: "Ballot"}))),
    h("tbody", {}, v.order.map((d) => {
      const choice = v.ballots[d];
      return h("tr", {}, h("th", {scope: "row", text: label.delegation(state, d)}),
        h("td", {}, choice ? h("span", {class: `tag tag-${choice}`, text: label.CHOICES[choice]}) : h("span", {class: "muted", text: "Did not vote"})));
    })));
}

function blocBars(state, v) {
  return h("div", {class: "bloc-bars"}, h("h4", {text: "By bloc"}), v.by_bloc.map((b) => {
    const total = Math.max(b.yes + b.no + b.abstain + b.not_participating, 1);
    return h("section", {class: "bloc-bar"}, h("h5", {text: label.bloc(state, b.bloc)}),
      bars([{key: "yes", label: "Yes", count: b.yes}, {key: "no", label: "No", count: b.no},
        {key: "abstain", label: "Abstain", count: b.abstain}, {key: "pending", label: "Did not vote", count: b.not_participating}], total));
  }));
}

function counterfactual(v) {
  const out = h("div", {class: "retally-result", "aria-live": "polite"});
  const select = h("select", {class: "retally-rule", on: {change: () => draw()}},
    v.retallies.map((r) => h("option", {value: r.rule, text: r.label})));
  const field = h("label", {}, "Count the same ballots under ", select);
  function draw() {
    const r = v.retallies.find((x) => x.rule === select.value);
    replace(out,
      h("div", {class: "retally-pair"},
        h("div", {class: "retally-real"}, h("p", {class: "eyebrow", text: "What happened"}),
          h("p", {}, h("span", {class: `verdict verdict-${v.result}`, text: label.decisionWord(v.result)})), h("p", {text: v.reason})),
        h("div", {class: "retally-other"}, h("p", {class: "eyebrow", text: `Under ${r.label}`}),
          h("p", {}, r.result ? h("span", {class: `verdict verdict-${r.result}`, text: label.decisionWord(r.result)}) : null), h("p", {text: r.reason}))),
      h("p", {class: ["retally-verdict", r.changed && "is-changed"], text: r.changed
        ? `Would have changed: ${label.decisionWord(v.result).toLowerCase()} becomes ${label.decisionWord(r.result).toLowerCase()}.`
        : "Would not have changed the result."}));
  }
  select.value = v.retallies.find((r) => r.changed) ? v.retallies.find((r) => r.changed).rule : v.retallies[0].rule;
  draw();
  return h("section", {class: "counterfactual"}, h("h4", {text: "Under another rule"}),
    h("p", {class: "muted", text: "The ballots, the roll, the quorum and the abstention rule stay as they were; only the threshold changes."}),
    field, out);
}

function signing(state, report, map) {
  const s = report.signing;
  const signedState = {...state, delegations: state.delegations.filter((d) => s.eligible_ids.includes(d.id)), signatures: s.signatures};
  map.update(signatureColouring(signedState));
  return h("article", {class: "vote"},
    h("header", {}, h("p", {class: "eyebrow", text: "Signing"}), h("h3", {text: "The Final Acts"}), h("p", {class: "split-text", text: s.text})),
    map.el,
    h("div", {class: "bloc-bars"}, h("h4", {text: "By bloc"}), s.by_bloc.map((b) => h("section", {class: "bloc-bar"},
      h("h5", {text: label.bloc(state, b.bloc)}),
      bars([{key: "signed", label: "Signed", count: b.signed}, {key: "declined", label: "Did not sign", count: b.not_signed}], Math.max(b.signed + b.not_signed, 1))))),
    h("ul", {class: "signatures"}, Object.entries(s.signatures).map(([d, answer]) => h("li", {class: `signature sig-${answer.kind}`},
      h("span", {class: "signature-name", text: label.delegation(state, d)}),
      h("span", {class: `tag tag-${answer.kind}`, text: label.SIGNATURES[answer.kind] || answer.kind}),
      answer.text ? h("blockquote", {class: "signature-text", text: answer.text}) : null))));
}
