// The chair's floor: who speaks now, the speakers list, giving and ending the floor, rulings
// on points of order, and the speaking time.

import {h} from "../dom.js";
import {button, form, numberInput, select, submit, textInput} from "../controls.js";
import * as label from "../labels.js";
import {currentSpeaker, speakersList} from "../render/floor.js";

export function key({state}) {
  return JSON.stringify([state.floor, state.delegations.map((d) => d.present)]);
}

export function render(ctx) {
  const {state, act} = ctx;
  const current = state.floor.current;
  const currentActions = current ? [
    button("yield", "End this speech", () => act("yield", {type: "YieldFloor"}, {success: "The speech has ended."})),
    current.kind === "point_of_order" ? ruling(ctx, current.delegation) : null,
  ] : null;
  return [
    currentSpeaker(state, {actions: currentActions}),
    h("div", {class: "actions"},
      button("next", "Give the floor to the next speaker", () => act("next", {type: "GiveFloor"}, {success: "The next speaker has the floor."}), {variant: "primary"})),
    h("h3", {class: "subhead", text: "Speakers list"}),
    speakersList(state, {actions: (speaker) => h("div", {class: "speaker-actions"},
      button(`give-${speaker.delegation}-${speaker.kind}`, "Give floor",
        () => act(`give-${speaker.delegation}-${speaker.kind}`, {type: "GiveFloor", delegation: speaker.delegation}, {success: `${label.delegation(state, speaker.delegation)} has the floor.`}), {variant: "small"}),
      speaker.kind === "point_of_order" ? ruling(ctx, speaker.delegation) : null)}),
    giveTo(ctx),
    speakingTime(ctx),
  ];
}

function ruling(ctx, delegation) {
  const id = `ruling-${delegation}`;
  return form(id, (f) => ctx.act(id, {type: "RulePointOfOrder", delegation, ruling: f.elements[id].value},
    {form: f, success: "Ruling recorded."}),
  h("div", {class: "control-row"},
    h("label", {class: "inline-field grow"}, h("span", {text: "Ruling"}), textInput(id, {maxLength: 1000, placeholder: "The point is well taken…"})),
    submit(`${id}-go`, "Rule", {variant: ""})));
}

function giveTo(ctx) {
  const {state} = ctx;
  const options = state.delegations.filter((d) => d.present).map((d) => [d.id, d.name]);
  return form("give-to", (f) => ctx.act("give-to", {type: "GiveFloor", delegation: f.elements["give-to-who"].value},
    {success: `${label.delegation(state, f.elements["give-to-who"].value)} has the floor.`}),
  h("div", {class: "control-row"},
    h("label", {class: "inline-field grow"}, h("span", {text: "Give the floor to"}), select("give-to-who", options)),
    submit("give-to-go", "Give floor", {variant: ""})));
}

function speakingTime(ctx) {
  const seconds = ctx.state.floor.speaking_seconds;
  return form("speaking-time", (f) => ctx.act("speaking-time", {type: "SetSpeakingTime", seconds: Number(f.elements["speaking-seconds"].value)},
    {success: "Speaking time set."}),
  h("div", {class: "control-row"},
    h("label", {class: "inline-field"}, h("span", {text: "Seconds per speech"}),
      numberInput("speaking-seconds", {value: seconds, min: 15, max: 3600, step: 15})),
    submit("speaking-time-go", "Set", {variant: ""})));
}
