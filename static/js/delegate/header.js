// The delegate's header: which delegation you are, the phase, and whether the session runs.

import {h} from "../dom.js";
import * as label from "../labels.js";

export function key({state}) {
  return JSON.stringify([state.you.delegation, state.you.name, state.phase, state.paused, state.ended, state.title]);
}

export function render({state}) {
  const me = state.delegations.find((d) => d.id === state.you.delegation);
  return h("div", {class: "session-head delegate-head"},
    h("div", {class: "session-id"},
      h("p", {class: "eyebrow", text: state.title}),
      h("h1", {class: "session-title", text: me ? me.name : state.you.delegation}),
      h("p", {class: "session-meta"},
        me && me.bloc ? h("span", {text: label.bloc(state, me.bloc)}) : null,
        state.you.name ? h("span", {text: `You: ${state.you.name}`}) : null)),
    h("p", {class: "phase-badge"}, h("span", {class: "muted", text: "Phase "}), h("strong", {text: label.phase(state)})),
    state.paused ? h("p", {class: "banner banner-paused", role: "status", text: "The chair has paused the session. Only the chair can act until it resumes."}) : null,
    state.ended ? h("p", {class: "banner", role: "status", text: "The session has ended. Thank you."}) : null);
}
