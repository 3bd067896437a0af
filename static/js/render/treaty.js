// Treaty text as a conference document prints it: agreed text in plain type, text not yet
// agreed in square brackets, alternatives inside one bracket separated by a slash.

import {h, srOnly} from "../dom.js";
import * as label from "../labels.js";

/** The text of an item from its segments (plain strings and {bracket, options}). */
export function treatyText(segments, {replaceBracket = null} = {}) {
  const p = h("p", {class: "treaty-text"});
  for (const segment of segments) {
    if (typeof segment === "string") p.append(segment);
    else if (replaceBracket && segment.bracket === replaceBracket.id) p.append(bracketChange(segment, replaceBracket.text));
    else p.append(bracket(segment));
  }
  return p;
}

/** One square-bracketed passage: [option / option], tagged with its id (b1, b2...). */
export function bracket(segment) {
  const {bracket: id, options} = segment;
  const el = h("span", {class: "bracket", dataset: {bracket: id}},
    h("span", {class: "bracket-mark", "aria-hidden": "true"}, "["),
    srOnly(options.length === 1 ? `bracketed passage ${id}, keep or delete: ` : `bracketed passage ${id}, ${options.length} alternatives: `));
  options.forEach((option, i) => {
    if (i > 0) el.append(h("span", {class: "bracket-sep", "aria-hidden": "true"}, " / "), srOnly(" or "));
    el.append(option ? h("span", {class: "bracket-option"}, option) : h("span", {class: "bracket-option is-deletion"}, "(delete)"));
  });
  el.append(h("span", {class: "bracket-mark", "aria-hidden": "true"}, "]"),
    h("sup", {class: "bracket-id"}, id), srOnly(" end of bracket. "));
  return el;
}

function bracketChange(segment, text) {
  return h("span", {class: "bracket-change"},
    h("del", {}, srOnly("deleted: "), "[" + segment.options.join(" / ") + "]"),
    " ",
    text ? h("ins", {}, srOnly("inserted: "), text) : h("ins", {class: "is-deletion"}, srOnly("inserted: "), "(passage deleted)"));
}

/** An agenda item's heading line: kind, title, reading and status. */
export function itemHeading(item, {level = "h3"} = {}) {
  return h("header", {class: "item-head"},
    (label.ITEM_KINDS[item.kind] || item.kind) === item.title ? null : h("p", {class: "item-kind", text: label.ITEM_KINDS[item.kind] || item.kind}),
    h(level, {class: "item-title", text: item.title}),
    h("p", {class: "item-meta"},
      h("span", {class: `status status-${item.status}`, text: label.capitalise(item.status === "open" ? "open" : item.status)}),
      h("span", {text: item.reading ? `Reading ${item.reading}` : "Not yet read"}),
      brackets(item) ? h("span", {text: `${brackets(item)} bracket${brackets(item) === 1 ? "" : "s"} open`}) : h("span", {text: "No brackets"})));
}

export function brackets(item) {
  return item.segments.filter((s) => typeof s !== "string").length;
}

export function bracketsOf(item) {
  return item.segments.filter((s) => typeof s !== "string");
}
