// The lobby: a student who has joined but holds no seat yet waits for the chair, or picks
// an open seat when the chair allows it.

import {h} from "../dom.js";
import {button} from "../controls.js";
import * as label from "../labels.js";

export function key({state}) {
  return JSON.stringify([state.you, state.seat_choice, state.delegations.map((d) => [d.seated, d.present]), state.title, state.ended]);
}

export function render(ctx) {
  const {state, act} = ctx;
  const open = state.delegations.filter((d) => !d.seated && d.present);
  return h("section", {class: "lobby card", "aria-labelledby": "lobby-title"},
    h("p", {class: "eyebrow", text: state.title}),
    h("h1", {id: "lobby-title", text: state.you.name ? `Welcome, ${state.you.name}` : "Welcome"}),
    state.ended ? h("p", {class: "lede", text: "This session has ended."})
      : h("p", {class: "lede", text: state.seat_choice ? "Choose the delegation you will represent, or wait for the chair to give you a seat." : "You are in the lobby, waiting for the chair to give you a seat. This page updates by itself."}),
    state.seat_choice && !state.ended ? h("div", {class: "open-seats"},
      h("h2", {class: "subhead", text: `Open seats (${open.length})`}),
      open.length ? h("ul", {class: "seat-list"}, open.map((d) => h("li", {class: "seat-option"},
        h("div", {},
          h("p", {class: "seat-name", text: d.name}),
          h("p", {class: "muted small", text: label.bloc(state, d.bloc)})),
        button(`take-${d.id}`, "Take this seat", () => act(`take-${d.id}`, {type: "TakeSeat", delegation: d.id},
          {success: `You now represent ${d.name}.`}), {variant: "primary"}))))
        : h("p", {class: "muted", text: "Every seat is taken. Wait for the chair to seat you with a delegation."})) : h("div", {class: "waiting", "aria-hidden": "true"}, h("span"), h("span"), h("span")));
}
