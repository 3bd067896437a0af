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
        {success: `${label.method(method.value)} opened on ${name}.`}))),
    roughConsensus(ctx, subj, id, name));
}

/** Under a rule that allows it, once objections have blocked a consensus on `subj`, the
 * chair may judge the sense of the room and declare rough consensus; the objections stay on
 * the record. */
function roughConsensus({act, state}, subj, id, name) {
  const itemId = label.subjectItem(state, subj);
  const item = state.items.find((i) => i.id === itemId);
  const rule = item && state.rules[item.rule];
  if (!rule || !rule.rough_consensus) return null;
  const last = [...state.outcomes].reverse().find((o) => o.subject.kind === subj.kind && o.subject.id === subj.id);
  if (!last || last.decision !== "blocked") return null;
  const objectors = last.objectors.map((d) => label.delegation(state, d)).join(", ");
  return h("div", {class: "control-row"},
    h("p", {class: "muted", text: `Objections from ${objectors} blocked consensus. ${rule.name} let you judge the room.`}),
    button(`rough-${id}`, "Declare rough consensus", () => act(`rough-${id}`,
      {type: "DeclareRoughConsensus", subject: subj},
      {success: `${name}: adopted by rough consensus, the objections recorded.`})));
}
