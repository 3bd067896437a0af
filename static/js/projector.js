// The projector: the big screen. Read-only: the join code and QR code, the phase, what the
// room is deciding or reading, who has the floor, and the result on a world map.

import {h} from "./dom.js";
import {start} from "./shell.js";
import {panel} from "./panel.js";
import * as label from "./labels.js";
import {describe} from "./render/feed.js";
import * as stage from "./projector/stage.js";
import {joinCard, speaker} from "./projector/side.js";

const head = {
  key: ({state}) => JSON.stringify([state.title, state.phase, state.paused, state.ended]),
  render: ({state}) => [
    h("p", {class: "proj-title", text: state.title}),
    h("p", {class: "proj-phase"}, state.paused ? h("span", {class: "tag tag-paused", text: "Paused"}) : null,
      state.ended ? h("span", {class: "tag tag-ended", text: "Session ended"}) : null, h("span", {text: label.phase(state)})),
  ],
};

const ticker = {
  key: ({events}) => String(events.length && events[events.length - 1].seq),
  render: ({state, events}) => {
    for (let i = events.length - 1; i >= 0; i -= 1) {
      const said = describe(state, events[i]);
      if (said && (said.kind === "inject" || (said.kind === "message" && !said.tone))) {
        return [h("span", {class: "ticker-kind", text: said.kind === "inject" ? "News" : said.title}),
          h("span", {class: "ticker-text", text: said.kind === "inject" ? `${said.title}: ${said.text}` : said.text})];
      }
    }
    return [];
  },
};

start("projector", (ctx, root) => {
  const top = h("header", {class: "proj-head"});
  const main = h("div", {class: "proj-stage"});
  const talk = h("section", {class: "proj-speaker", "aria-label": "The floor"});
  const foot = h("footer", {class: "proj-ticker"});
  root.append(h("div", {class: "proj"}, top, main, h("aside", {class: "proj-side"}, joinCard(ctx.data), talk), foot));
  const updates = [panel(top, head), panel(main, stage), panel(talk, speaker), panel(foot, ticker)];
  return (current) => { for (const update of updates) update(current); };
});
