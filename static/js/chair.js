// The chair's console: run the conference. Each section re-renders from the state the
// server sends; every control sends a command and shows the server's answer.

import {h} from "./dom.js";
import {start} from "./shell.js";
import {panel} from "./panel.js";
import {section} from "./controls.js";
import {feedList} from "./render/feed.js";
import * as header from "./chair/header.js";
import * as question from "./chair/question.js";
import * as agenda from "./chair/agenda.js";
import * as floor from "./chair/floor.js";
import * as seats from "./chair/seats.js";
import * as news from "./chair/news.js";
import * as signing from "./chair/signing.js";

const proceedings = {
  key: ({events, state}) => `${events.length}:${events.length && events[events.length - 1].seq}:${state.delegations.length}`,
  render: ({state, events}) => feedList(state, events, {limit: 60, empty: "The proceedings will appear here."}),
};

start("chair", (ctx, root) => {
  const head = h("header", {class: "console-head"});
  const parts = {
    question: section("question", "Question before the conference", {className: "panel-question"}),
    signing: section("signing", "Signing of the Final Acts"),
    agenda: section("agenda", "Agenda"),
    floor: section("floor", "The floor"),
    seats: section("seats", "Seats"),
    news: section("news", "News and instructions"),
    feed: section("feed", "Proceedings"),
  };
  root.append(head, h("div", {class: "console-grid"},
    h("div", {class: "col-main"}, parts.question.el, parts.floor.el, parts.agenda.el, parts.signing.el),
    h("div", {class: "col-side"}, parts.seats.el, parts.news.el, parts.feed.el)));
  const updates = [
    panel(head, header),
    panel(parts.question.body, question),
    panel(parts.signing.body, signing),
    panel(parts.agenda.body, agenda),
    panel(parts.floor.body, floor),
    panel(parts.seats.body, seats),
    panel(parts.news.body, news),
    panel(parts.feed.body, proceedings),
  ];
  return (current) => {
    // While the Final Acts are open, signing is what the chair is running: bring it up.
    parts.signing.el.classList.toggle("is-active", current.state.signing === "open");
    for (const update of updates) update(current);
  };
});
