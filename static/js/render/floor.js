// The floor: who is speaking (with a countdown to `floor.until`) and the speakers list in
// the order the server keeps it (points of order first, replies last).

import {h} from "../dom.js";
import {countdown} from "../clock.js";
import * as label from "../labels.js";

/** The current speaker, or a line saying nobody has the floor. */
export function currentSpeaker(state, {actions = null, big = false} = {}) {
  const floor = state.floor;
  if (!floor.current) {
    return h("div", {class: ["speaker-now", "is-empty", big && "is-big"]},
      h("p", {class: "speaker-label", text: "Nobody has the floor"}),
      h("p", {class: "muted", text: `Speaking time: ${minutes(floor.speaking_seconds)}`}));
  }
  const {delegation, kind, about} = floor.current;
  return h("div", {class: ["speaker-now", big && "is-big"]},
    h("p", {class: "speaker-label", text: label.floorKind(kind)}),
    h("p", {class: "speaker-name", text: label.delegation(state, delegation)}),
    about ? h("p", {class: "speaker-about", text: aboutText(state, kind, about)}) : null,
    floor.until ? h("p", {class: "speaker-time"}, countdown(floor.until, {label: "left to speak", className: "countdown-speech"})) : null,
    actions ? h("div", {class: "actions"}, actions) : null);
}

/** The speakers list; `actions(speaker, index)` may return controls for each entry. */
export function speakersList(state, {actions = null, limit = Infinity} = {}) {
  const speakers = state.floor.speakers;
  if (!speakers.length) return h("p", {class: "muted", text: "The speakers list is empty."});
  const list = h("ol", {class: "speakers"});
  speakers.slice(0, limit).forEach((speaker, i) => {
    list.append(h("li", {class: `speaker speaker-${speaker.kind}`},
      h("span", {class: "speaker-entry"},
        h("span", {class: "speaker-entry-name", text: label.delegation(state, speaker.delegation)}),
        speaker.kind !== "speech" ? h("span", {class: `tag tag-${speaker.kind}`, text: label.floorKind(speaker.kind)}) : null,
        state.floor_rotation === "kind" ? h("span", {class: "tag", text: groupName(state, speaker.delegation)}) : null,
        speaker.about ? h("span", {class: "speaker-entry-about", text: aboutText(state, speaker.kind, speaker.about)}) : null),
      actions ? actions(speaker, i) : null));
  });
  if (speakers.length > limit) list.append(h("li", {class: "muted", text: `and ${speakers.length - limit} more`}));
  if (state.floor_rotation !== "kind") return list;
  const last = state.floor.last_group;
  return h("div", {},
    h("p", {class: "muted", text: `The floor rotates between groups${last ? `; last heard: ${groupLabel(last)}` : ""}. "Give the floor to the next speaker" calls the next group's first speaker.`}),
    list);
}

function groupName(state, delegationId) {
  const d = state.delegations.find((x) => x.id === delegationId);
  return d ? groupLabel(d.kind) : "";
}

function groupLabel(kind) {
  const words = kind.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function aboutText(state, kind, about) {
  return kind === "reply" ? `in reply to ${label.delegation(state, about)}` : about;
}

export function minutes(seconds) {
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return seconds > 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
}
