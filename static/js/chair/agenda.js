// The agenda as the chair works it: each item's text with its brackets, its readings, the
// amendments pending on it (take into the text, or put to decision), and decision controls.

import {h} from "../dom.js";
import {button} from "../controls.js";
import {amendmentCard} from "../render/amendment.js";
import {itemHeading, treatyText} from "../render/treaty.js";
import {decideControls} from "./decide.js";

export function key({state}) {
  return JSON.stringify([state.items, state.amendments, Boolean(state.decision)]);
}

export function render(ctx) {
  return ctx.state.items.map((item) => itemCard(ctx, item));
}

function itemCard(ctx, item) {
  const {state, act} = ctx;
  const amendments = state.amendments.filter((a) => a.item === item.id);
  const pending = amendments.filter((a) => a.status === "proposed");
  const earlier = amendments.filter((a) => a.status !== "proposed");
  const open = item.status === "open";
  return h("article", {class: ["agenda-item", `item-${item.status}`], id: `item-${item.id}`},
    itemHeading(item),
    treatyText(item.segments),
    open ? h("div", {class: "item-controls"},
      h("div", {class: "actions"},
        button(`reading-${item.id}`, "Advance to the next reading",
          () => act(`reading-${item.id}`, {type: "AdvanceReading", item: item.id}, {success: `${item.title}: next reading.`}))),
      h("details", {class: "decide-box", id: `decide-item-${item.id}`},
        h("summary", {text: "Put this text to the conference"}),
        decideControls(ctx, {kind: "item", id: item.id}))) : null,
    pending.length ? h("section", {class: "amendments", "aria-label": `Pending amendments to ${item.title}`},
      h("h4", {class: "subhead", text: `Pending amendments (${pending.length})`}),
      pending.map((a) => amendmentCard(state, a, {headingLevel: "h5", actions: amendmentActions(ctx, a)}))) : null,
    earlier.length ? h("details", {class: "earlier", id: `earlier-${item.id}`},
      h("summary", {text: `Earlier amendments (${earlier.length})`}),
      earlier.map((a) => amendmentCard(state, a, {headingLevel: "h5"}))) : null);
}

function amendmentActions(ctx, a) {
  return [
    button(`accept-${a.id}`, "Take into the text",
      () => ctx.act(`accept-${a.id}`, {type: "AcceptAmendment", amendment: a.id}, {success: `Amendment ${a.id} is taken into the text.`})),
    h("details", {class: "decide-box", id: `decide-amendment-${a.id}`},
      h("summary", {text: "Put to decision"}),
      decideControls(ctx, {kind: "amendment", id: a.id})),
  ];
}
