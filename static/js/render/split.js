// The result of the signing, as the server reports it (split.text), with each bloc's numbers.

import {h} from "../dom.js";
import * as label from "../labels.js";
import {bars} from "./tally.js";

export function splitPanel(state, {big = false, headline = true} = {}) {
  const split = state.split;
  if (!split) return h("p", {class: "muted", text: "The Final Acts have not been opened for signature."});
  return h("div", {class: ["split", big && "is-big"]},
    headline ? h("p", {class: "split-text", text: split.text}) : null,
    h("p", {class: "split-status muted", text: state.signing === "done" ? "Signing is closed." : "Signing is open: the count changes as delegations answer."}),
    split.by_bloc.length ? h("div", {class: "split-blocs"}, split.by_bloc.map((row) => h("section", {class: "split-bloc"},
      h("h3", {class: "split-bloc-name", text: label.bloc(state, row.bloc)}),
      bars([{key: "signed", label: "Signed", count: row.signed}, {key: "declined", label: "Did not sign", count: row.not_signed}],
        Math.max(row.signed + row.not_signed, 1))))) : null);
}

/** Each delegation's answer, with a reservation's or declaration's text. */
export function signatureList(state) {
  const rows = state.delegations.filter((d) => state.signatures[d.id]);
  if (!rows.length) return h("p", {class: "muted", text: "No delegation has answered yet."});
  return h("ul", {class: "signatures"}, rows.map((d) => {
    const sig = state.signatures[d.id];
    return h("li", {class: `signature sig-${sig.kind}`},
      h("span", {class: "signature-name", text: d.name}),
      h("span", {class: `tag tag-${sig.kind}`, text: label.SIGNATURES[sig.kind] || sig.kind}),
      sig.text ? h("blockquote", {class: "signature-text", text: sig.text}) : null);
  }));
}
