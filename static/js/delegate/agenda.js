// The agenda from a delegation's seat: each text with its brackets, the amendments pending
// on it (co-sponsor, or withdraw your own), and a form to propose an amendment.

import {h} from "../dom.js";
import {button} from "../controls.js";
import * as label from "../labels.js";
import {amendmentCard} from "../render/amendment.js";
import {itemHeading, treatyText} from "../render/treaty.js";
import {proposeForm} from "./propose.js";

export function key({state}) {
  return JSON.stringify([state.items, state.amendments, state.you.delegation, state.phase]);
}

export function render(ctx) {
  const {state} = ctx;
  const drafting = label.phaseAllows(state, "drafting");
  const when = state.phases.filter((p) => p.allows.includes("drafting")).map((p) => p.name);
  return [
    drafting ? null : h("p", {class: "note", text: when.length
      ? `Amendments can be proposed during: ${when.join(", ")}. You can read the texts now.`
      : "This conference takes no amendments."}),
    state.items.map((item) => itemCard(ctx, item, drafting)),
  ];
}

function itemCard(ctx, item, drafting) {
  const {state} = ctx;
  const amendments = state.amendments.filter((a) => a.item === item.id);
  const pending = amendments.filter((a) => a.status === "proposed");
  const earlier = amendments.filter((a) => a.status !== "proposed");
  return h("article", {class: ["agenda-item", `item-${item.status}`], id: `item-${item.id}`},
    itemHeading(item),
    treatyText(item.segments),
    pending.length ? h("section", {class: "amendments", "aria-label": `Pending amendments to ${item.title}`},
      h("h4", {class: "subhead", text: `Pending amendments (${pending.length})`}),
      pending.map((a) => amendmentCard(state, a, {headingLevel: "h5", actions: amendmentActions(ctx, a)}))) : null,
    earlier.length ? h("details", {class: "earlier", id: `earlier-${item.id}`},
      h("summary", {text: `Earlier amendments (${earlier.length})`}),
      earlier.map((a) => amendmentCard(state, a, {headingLevel: "h5"}))) : null,
    drafting && item.status === "open" ? h("details", {class: "compose", id: `propose-box-${item.id}`},
      h("summary", {text: "Propose an amendment"}), proposeForm(ctx, item)) : null);
}

function amendmentActions(ctx, a) {
  const me = ctx.state.you.delegation;
  if (a.sponsors[0] === me) {
    return button(`withdraw-${a.id}`, "Withdraw our amendment",
      () => ctx.act(`withdraw-${a.id}`, {type: "WithdrawAmendment", amendment: a.id}, {success: `Amendment ${a.id} withdrawn.`}), {variant: "quiet"});
  }
  if (a.sponsors.includes(me)) return [h("span", {class: "tag tag-done", text: "You co-sponsor this"})];
  return button(`cosponsor-${a.id}`, "Co-sponsor",
    () => ctx.act(`cosponsor-${a.id}`, {type: "CosponsorAmendment", amendment: a.id}, {success: `Your delegation co-sponsors amendment ${a.id}.`}));
}
