// The projector's side column: how to join (the code in huge type and a QR code of the join
// link) and who has the floor, with a big timer.

import {h} from "../dom.js";
import {qrCanvas} from "../render/qr.js";
import {currentSpeaker} from "../render/floor.js";

export function joinCard(data) {
  const url = data.joinUrl || `${location.origin}/`;
  return h("section", {class: "proj-join", "aria-label": "How to join"},
    h("p", {class: "proj-join-label", text: "Join at"}),
    h("p", {class: "proj-join-url", text: url.replace(/^https?:\/\//, "").replace(/\?.*$/, "")}),
    h("p", {class: "proj-join-label", text: "with the code"}),
    h("p", {class: "proj-code", text: data.code || "—"}),
    qrCanvas(url, {size: 400}));
}

export const speaker = {
  key: ({state}) => JSON.stringify([state.floor.current, state.floor.until, state.floor.speakers, state.delegations.length]),
  render: ({state}) => [
    currentSpeaker(state, {big: true}),
    state.floor.speakers.length ? h("p", {class: "proj-next"}, h("span", {class: "muted", text: "Next: "}),
      state.floor.speakers.slice(0, 3).map((s) => state.delegations.find((d) => d.id === s.delegation)?.name || s.delegation).join(" · ")) : null,
  ],
};
