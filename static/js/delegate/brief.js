// Your delegation's private brief, and how its objectives stand as the text now reads.

import {h} from "../dom.js";

export function key({state}) {
  return JSON.stringify([state.you.brief, state.you.objectives]);
}

export function render({state}) {
  const brief = state.you.brief;
  if (!brief) return h("p", {class: "muted", text: "No brief."});
  const scores = new Map((state.you.objectives || []).map((o) => [o.id, o]));
  return [
    block("Public position", brief.public_position),
    block("Private instructions", brief.private_instructions, "is-private"),
    brief.red_lines.length ? h("div", {class: "brief-block"},
      h("h3", {class: "subhead", text: "Red lines"}),
      h("ul", {class: "red-lines"}, brief.red_lines.map((t) => h("li", {text: t})))) : null,
    brief.objectives.length ? h("div", {class: "brief-block"},
      h("h3", {class: "subhead", text: "Objectives, as things stand"}),
      h("ul", {class: "objectives"}, brief.objectives.map((o) => {
        const score = scores.get(o.id);
        const met = score && score.met;
        return h("li", {class: ["objective", met ? "is-met" : "is-missed"]},
          h("span", {class: `tag ${met ? "tag-met" : "tag-missed"}`}, h("span", {"aria-hidden": "true", text: met ? "✓ " : "○ "}), met ? "Met" : "Not met"),
          h("span", {class: "objective-text", text: o.text}),
          h("span", {class: "objective-points muted", text: `${o.points} point${o.points === 1 ? "" : "s"}`}),
          score && score.why ? h("span", {class: "objective-why muted small", text: `Now: ${score.why}`}) : null);
      }))) : null,
  ];
}

function block(title, text, className = "") {
  if (!text) return null;
  return h("div", {class: ["brief-block", className]}, h("h3", {class: "subhead", text: title}), h("p", {class: "brief-text", text}));
}
