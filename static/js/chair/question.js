// The question before the conference: what it is, the live count, the roll, and the
// chair's ways to move it on (autopilot seats act, close). Afterwards: the outcomes.

import {h} from "../dom.js";
import {button, seed} from "../controls.js";
import * as label from "../labels.js";
import {amendmentCard} from "../render/amendment.js";
import {treatyText} from "../render/treaty.js";
import {decisionTally, questionLine} from "../render/tally.js";
import {outcomesList} from "../render/outcomes.js";
import {decisionColouring} from "../render/colouring.js";
import {worldMap} from "../render/worldmap.js";
import {rollTable} from "../render/roll.js";

let map = null;

export function key({state}) {
  return JSON.stringify([state.decision, state.outcomes.length, state.decision && state.amendments, state.decision && state.items]);
}

export function render(ctx) {
  const {state} = ctx;
  const decision = state.decision;
  if (!decision) {
    return [h("p", {class: "empty-state", text: "No question is before the conference. Put an item or an amendment to the conference from the agenda below."}),
      h("h3", {class: "subhead", text: "Decisions taken"}), outcomesList(state, {limit: 6, byBloc: true})];
  }
  if (!map) map = worldMap();
  const colouring = decisionColouring(state, decision);
  if (colouring) map.update(colouring);
  return [
    h("p", {class: "question-line"}, h("span", {class: "tag tag-live", text: "Open"}), " ", questionLine(state, decision)),
    subjectText(state, decision.subject),
    decisionTally(state, decision),
    h("div", {class: "actions"},
      button("autopilot", "Autopilot seats act", () => ctx.act("autopilot", {type: "RunAutopilot", seed: seed()}, {success: "The autopilot delegations have acted."})),
      button("close", "Close the question", () => ctx.act("close", {type: "CloseDecision"}), {variant: "primary"})),
    h("div", {class: "question-detail"},
      label.isVote(decision.method) && decision.method !== "secret_ballot" ? rollTable(state, decision) : null,
      colouring ? map.el : null),
  ];
}

function subjectText(state, subj) {
  if (subj.kind === "amendment") {
    const a = label.amendmentOf(state, subj.id);
    return a ? amendmentCard(state, a) : null;
  }
  const item = state.items.find((i) => i.id === subj.id);
  return item ? h("div", {class: "question-text"}, treatyText(item.segments)) : null;
}
