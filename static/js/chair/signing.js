// Signing the Final Acts: open it, let the autopilot seats answer, close it, and watch the
// split (the server's sentence) by bloc and on the map.

import {h} from "../dom.js";
import {button, seed} from "../controls.js";
import * as label from "../labels.js";
import {signatureList, splitPanel} from "../render/split.js";
import {signatureColouring} from "../render/colouring.js";
import {worldMap} from "../render/worldmap.js";

let map = null;

export function key({state}) {
  return JSON.stringify([state.signing, state.signatures, state.split, state.final_acts, state.phase]);
}

export function render(ctx) {
  const {state, act} = ctx;
  if (state.signing === "closed") {
    return [h("p", {class: "muted", text: "When the texts are adopted, open the Final Acts for signature (in a phase that allows signing)."}),
      h("div", {class: "actions"}, button("open-signing", "Open the Final Acts for signature",
        () => act("open-signing", {type: "OpenSigning"}, {success: "The Final Acts are open for signature."}),
        {variant: label.phaseAllows(state, "signing") ? "primary" : ""}))];
  }
  if (!map) map = worldMap();
  map.update(signatureColouring(state));
  return [
    h("p", {class: "final-acts"}, "The Final Acts: ", state.final_acts.map((id) => label.item(state, id)).join("; ")),
    splitPanel(state),
    state.signing === "open" ? h("div", {class: "actions"},
      button("autopilot-sign", "Autopilot seats answer", () => act("autopilot-sign", {type: "RunAutopilot", seed: seed()}, {success: "The autopilot delegations have answered."})),
      button("close-signing", "Close the signing", () => act("close-signing", {type: "CloseSigning"}, {success: "Signing is closed."}), {variant: "primary"})) : null,
    map.el,
    h("h3", {class: "subhead", text: "Answers"}),
    signatureList(state),
  ];
}
