// The projector's stage: what the room should be looking at now. A question before the
// conference (its live count and map); the Final Acts (the split, by bloc and on the map);
// the result of the last decision; or else the text the room is working on.

import {h} from "../dom.js";
import * as label from "../labels.js";
import {focusItem} from "../focus.js";
import {treatyText, itemHeading} from "../render/treaty.js";
import {amendmentCard} from "../render/amendment.js";
import {decisionTally} from "../render/tally.js";
import {outcomeCard} from "../render/outcomes.js";
import {splitPanel} from "../render/split.js";
import {closedVoteColouring, decisionColouring, signatureColouring} from "../render/colouring.js";
import {worldMap} from "../render/worldmap.js";

const map = worldMap({big: true});
const DRAFTING = new Set(["ReadingAdvanced", "AmendmentProposed", "AmendmentAccepted", "AmendmentWithdrawn", "ObjectionsCalled", "VoteOpened", "SoundingOpened", "PhaseChanged"]);

export function key({state, events}) {
  return JSON.stringify([mode(state, events), state.decision, state.items, state.amendments, state.outcomes.length,
    state.signatures, state.split, state.phase, events.length && events[events.length - 1].seq]);
}

export function render(ctx) {
  const {state, events} = ctx;
  const m = mode(state, events);
  if (m === "question") return question(state);
  if (m === "signing") return signing(state);
  if (m === "result") return result(state, events);
  return text(state, events);
}

/** Which view fits now. */
function mode(state, events) {
  if (state.decision) return "question";
  if (state.signing !== "closed") return "signing";
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const type = events[i].event.type;
    if (type === "DecisionClosed") return "result";
    if (DRAFTING.has(type)) return "text";
  }
  return "text";
}

function question(state) {
  const d = state.decision;
  const colouring = decisionColouring(state, d);
  if (colouring) map.update(colouring);
  const subj = d.subject.kind === "amendment" ? label.amendmentOf(state, d.subject.id) : null;
  return h("div", {class: "stage stage-question"},
    h("p", {class: "stage-eyebrow", text: label.method(d.method)}),
    h("h2", {class: "stage-title", text: label.subject(state, d.subject)}),
    subj ? amendmentCard(state, subj) : null,
    h("div", {class: "stage-split"},
      h("div", {class: "stage-count"}, decisionTally(state, d, {big: true})),
      colouring ? map.el : null));
}

function signing(state) {
  map.update(signatureColouring(state));
  const split = state.split;
  return h("div", {class: "stage stage-signing"},
    h("p", {class: "stage-eyebrow", text: `Signing of the Final Acts: ${state.final_acts.map((id) => label.item(state, id)).join(" · ")}`}),
    h("p", {class: "stage-title split-headline", text: split ? split.text : "The Final Acts are open for signature."}),
    h("div", {class: "stage-split"}, h("div", {class: "stage-count"}, splitPanel(state, {big: true, headline: false})), map.el));
}

function result(state, events) {
  const outcome = state.outcomes[state.outcomes.length - 1];
  const colouring = closedVoteColouring(state, events, outcome);
  const card = outcomeCard(state, outcome, {byBloc: true, big: true});
  if (colouring) {
    map.update(colouring);
    return h("div", {class: "stage stage-result"},
      h("p", {class: "stage-eyebrow", text: "Decision"}),
      h("div", {class: "stage-split"}, card, map.el));
  }
  return h("div", {class: "stage stage-result"}, h("p", {class: "stage-eyebrow", text: "Decision"}), card, subjectText(state, outcome.subject));
}

/** The text a decision was about: the amendment, or the item as it now reads. */
function subjectText(state, subj) {
  if (subj.kind === "amendment") {
    const a = label.amendmentOf(state, subj.id);
    return a ? amendmentCard(state, a) : null;
  }
  const item = state.items.find((i) => i.id === subj.id);
  return item ? h("div", {class: "stage-document"}, treatyText(item.segments)) : null;
}

function text(state, events) {
  const item = state.items.find((i) => i.id === focusItem(state, events));
  if (!item) return h("p", {class: "stage-title", text: state.title});
  const pending = state.amendments.filter((a) => a.item === item.id && a.status === "proposed");
  return h("div", {class: "stage stage-text"},
    itemHeading(item, {level: "h2"}),
    h("div", {class: "stage-document"}, treatyText(item.segments)),
    pending.length ? h("div", {class: "stage-amendments"},
      h("p", {class: "stage-eyebrow", text: pending.length === 1 ? "Pending amendment" : `Latest of ${pending.length} pending amendments`}),
      amendmentCard(state, pending[pending.length - 1])) : null);
}
