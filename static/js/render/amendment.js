// An amendment as delegations read it: what it changes (a word diff, or the bracket it would
// settle shown in its clause), who sponsors it, and where it stands.

import {h, srOnly} from "../dom.js";
import * as label from "../labels.js";
import {treatyText} from "./treaty.js";

export const STATUS = {
  proposed: "Pending",
  accepted: "Taken into the text",
  adopted: "Adopted",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  lapsed: "Lapsed",
};

/** A card for one amendment; `actions` (optional) are controls to put in its footer. */
export function amendmentCard(state, amendment, {actions = null, headingLevel = "h4"} = {}) {
  const item = state.items.find((i) => i.id === amendment.item);
  const target = amendment.bracket ? `bracket ${amendment.bracket}` : "the whole text";
  return h("article", {class: `amendment amendment-${amendment.status}`, "aria-label": `Amendment ${amendment.id}`},
    h("header", {class: "amendment-head"},
      h(headingLevel, {class: "amendment-title"},
        h("span", {class: "amendment-id", text: amendment.id}), " ",
        h("span", {text: `to ${item ? item.title : amendment.item}, ${target}`})),
      h("span", {class: `status status-${amendment.status}`, text: STATUS[amendment.status] || amendment.status})),
    change(amendment, item),
    h("p", {class: "sponsors", text: sponsors(state, amendment)}),
    actions ? h("div", {class: "actions"}, actions) : null);
}

function change(amendment, item) {
  const open = item && amendment.bracket && item.segments.some((s) => typeof s !== "string" && s.bracket === amendment.bracket);
  if (open && amendment.status === "proposed") {
    return h("div", {class: "amendment-change"}, treatyText(item.segments, {replaceBracket: {id: amendment.bracket, text: amendment.text}}));
  }
  if (amendment.bracket && amendment.replaces) return h("div", {class: "amendment-change"}, bracketSwap(amendment));
  return h("div", {class: "amendment-change"}, wordDiff(amendment.diff));
}

/** A bracket amendment once its bracket is gone: the bracket as it read, then its wording. */
function bracketSwap(amendment) {
  const before = amendment.replaces.replace(/\s*\|\s*/g, " / ");
  return h("p", {class: "treaty-text diff"},
    h("del", {}, srOnly("deleted: "), before), " ",
    amendment.text ? h("ins", {}, srOnly("inserted: "), amendment.text) : h("ins", {class: "is-deletion"}, srOnly("inserted: "), "(passage deleted)"));
}

/** The server's word diff: [op, words] with op "=", "-" or "+". */
export function wordDiff(diff) {
  const p = h("p", {class: "treaty-text diff"});
  diff.forEach(([op, words], i) => {
    if (i > 0) p.append(" ");
    if (op === "-") p.append(h("del", {}, srOnly("deleted: "), words));
    else if (op === "+") p.append(h("ins", {}, srOnly("inserted: "), words));
    else p.append(words);
  });
  return p;
}

export function sponsors(state, amendment) {
  const [first, ...others] = amendment.sponsors;
  const by = `Proposed by ${label.delegation(state, first)}`;
  return others.length ? `${by}; co-sponsored by ${label.delegationList(state, others)}` : by;
}
