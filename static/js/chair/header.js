// The chair's header: the conference, the join code, the phases, pause and end.

import {h} from "../dom.js";
import {button} from "../controls.js";

export function key({state, data}) {
  return JSON.stringify([state.title, state.phase, state.phases, state.paused, state.ended, data.code]);
}

export function render(ctx) {
  const {state, data} = ctx;
  return h("div", {class: "session-head"},
    h("div", {class: "session-id"},
      h("p", {class: "eyebrow", text: "Chair"}),
      h("h1", {class: "session-title", text: state.title}),
      h("p", {class: "session-meta"},
        h("span", {class: "join-code-inline"}, "Join code ", h("strong", {class: "code", text: data.code || "—"})),
        h("a", {href: `/s/${data.session}/projector`, target: "_blank", rel: "noopener", text: "Open the projector view"}),
        state.paused ? h("span", {class: "tag tag-paused", text: "Paused"}) : null,
        state.ended ? h("span", {class: "tag tag-ended", text: "Ended"}) : null)),
    h("nav", {class: "phase-nav", "aria-label": "Phases of the conference"}, phases(ctx)),
    h("div", {class: "session-controls actions"}, sessionControls(ctx)));
}

function phases({state, act}) {
  return h("ol", {class: "phases"}, state.phases.map((p, i) => {
    const current = p.id === state.phase;
    const text = [h("span", {class: "phase-number", text: String(i + 1)}), h("span", {class: "phase-name", text: p.name})];
    return h("li", {class: ["phase", current && "is-current"]}, current
      ? h("span", {class: "phase-step", "aria-current": "step"}, text, h("span", {class: "visually-hidden", text: " (current phase)"}))
      : h("button", {type: "button", class: "phase-step", dataset: {control: `phase-${p.id}`},
        on: {click: () => act(`phase-${p.id}`, {type: "ChangePhase", phase: p.id}, {success: `The conference moves to ${p.name}.`})}}, text));
  }));
}

function sessionControls(ctx) {
  const {state, act} = ctx;
  if (state.ended) {
    return [h("p", {class: "muted", text: "This session has ended."}),
      h("a", {class: "button", href: `/s/${ctx.data.session}/replay`, text: "Replay and debrief"})];
  }
  const pause = button("pause", state.paused ? "Resume the session" : "Pause the session",
    () => act("pause", {type: "PauseSession", paused: !state.paused}, {success: state.paused ? "The session resumes." : "The session is paused."}),
    {pressed: state.paused});
  return [pause, confirmEnd(act)];
}

function confirmEnd(act) {
  const wrap = h("span", {class: "confirm"});
  const ask = button("end", "End the session", () => {
    wrap.replaceChildren(
      h("span", {class: "confirm-text", text: "End for everyone?"}),
      button("end", "Yes, end it", () => act("end", {type: "EndSession"}, {success: "The session has ended."}), {variant: "danger"}),
      button("end-cancel", "Cancel", () => { wrap.replaceChildren(ask); ask.focus(); }));
    wrap.querySelector("button").focus();
  }, {variant: "quiet"});
  wrap.append(ask);
  return wrap;
}
