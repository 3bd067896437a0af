// Controls that put a subject (an item or an amendment) to the conference: seek consensus
// with a deadline, sound the room, or call a vote by a chosen method. Which methods the rule
// allows is the server's to say: a refused method comes back as an error beside the button.

import {h} from "../dom.js";
import {button, numberInput, select} from "../controls.js";
import * as label from "../labels.js";

export function decideControls(ctx, subj) {
  const {act, state} = ctx;
  const id = `${subj.kind}-${subj.id}`;
  const name = label.subject(state, subj);
  const seconds = numberInput(`secs-${id}`, {min: 5, max: 3600, placeholder: "rule's default"});
  const method = select(`method-${id}`, label.VOTE_METHODS.map((m) => [m, label.method(m)]), {value: "roll_call"});
  return h("div", {class: "decide"},
    h("div", {class: "control-row"},
      h("label", {class: "inline-field"}, h("span", {text: "Seconds to object"}), seconds),
      button(`objections-${id}`, "Call for objections", () => {
        const command = {type: "CallForObjections", subject: subj};
        if (seconds.value) command.seconds = Number(seconds.value);
        act(`objections-${id}`, command, {success: `Objections called on ${name}.`});
      }, {variant: "primary"})),
    h("div", {class: "control-row"},
      button(`sound-${id}`, "Sound the room", () => act(`sound-${id}`, {type: "SoundRoom", subject: subj}, {success: `Sounding the room on ${name}.`})),
      h("label", {class: "inline-field"}, h("span", {text: "Vote by"}), method),
      button(`vote-${id}`, "Call a vote", () => act(`vote-${id}`,
        {type: "CallVote", subject: subj, method: method.value, seed: Math.floor(Math.random() * 2 ** 31)},
        {success: `${label.method(method.value)} opened on ${name}.`}))));
}
