// The floor from a delegation's seat: who speaks now, where you stand on the list, and
// asking for a speech, a right of reply or a point of order.

import {h} from "../dom.js";
import {button, form, select, submit, textInput} from "../controls.js";
import * as label from "../labels.js";
import {currentSpeaker, speakersList} from "../render/floor.js";

export function key({state}) {
  return JSON.stringify([state.floor, state.you.delegation, state.phase]);
}

export function render(ctx) {
  const {state, act} = ctx;
  const me = state.you.delegation;
  const speaking = state.floor.current && state.floor.current.delegation === me;
  const listed = state.floor.speakers.some((s) => s.delegation === me);
  const open = label.phaseAllows(state, "floor");
  return [
    currentSpeaker(state, {actions: speaking ? [h("span", {class: "tag tag-live", text: "You have the floor"}),
      button("yield-mine", "End my speech", () => act("yield-mine", {type: "YieldFloor"}, {success: "You have ended your speech."}))] : null}),
    h("h3", {class: "subhead", text: "Speakers list"}),
    speakersList(state),
    listed ? h("div", {class: "actions"}, button("withdraw-floor", "Withdraw my request", () => act("withdraw-floor", {type: "WithdrawFloorRequest"}, {success: "Your request is withdrawn."}), {variant: "quiet"})) : null,
    h("h3", {class: "subhead", text: "Ask for the floor"}),
    open ? h("div", {class: "actions"},
      button("ask-speech", "Ask to speak", () => act("ask-speech", {type: "RequestFloor", kind: "speech"}, {success: "You are on the speakers list."}), {variant: "primary"}))
      : h("p", {class: "note", text: `The speakers list is closed during ${label.phase(state)}; a point of order can still be raised.`}),
    open ? replyForm(ctx) : null,
    pointOfOrder(ctx),
  ];
}

function replyForm(ctx) {
  const {state} = ctx;
  const others = state.delegations.filter((d) => d.id !== state.you.delegation).map((d) => [d.id, d.name]);
  return form("ask-reply", (f) => ctx.act("ask-reply", {type: "RequestFloor", kind: "reply", about: f.elements["reply-to"].value},
    {success: "Your right of reply is on the list."}),
  h("div", {class: "control-row"},
    h("label", {class: "inline-field grow"}, h("span", {text: "Right of reply to"}), select("reply-to", others)),
    submit("ask-reply-go", "Ask", {variant: ""})));
}

function pointOfOrder(ctx) {
  return form("ask-order", (f) => ctx.act("ask-order", {type: "RequestFloor", kind: "point_of_order", about: f.elements["order-about"].value},
    {form: f, success: "Your point of order goes to the head of the list."}),
  h("div", {class: "control-row"},
    h("label", {class: "inline-field grow"}, h("span", {text: "Point of order about"}), textInput("order-about", {maxLength: 200, placeholder: "e.g. the vote was not announced"})),
    submit("ask-order-go", "Raise", {variant: ""})));
}
