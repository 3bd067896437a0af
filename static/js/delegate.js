// A delegation's console: the lobby until the chair gives you a seat; then your brief, the
// texts, the floor, the question before the conference, messages and the Final Acts.

import {h, replace} from "./dom.js";
import {start} from "./shell.js";
import {panel} from "./panel.js";
import {section} from "./controls.js";
import * as lobby from "./delegate/lobby.js";
import * as header from "./delegate/header.js";
import * as question from "./delegate/question.js";
import * as signing from "./delegate/signing.js";
import * as floor from "./delegate/floor.js";
import * as brief from "./delegate/brief.js";
import * as agenda from "./delegate/agenda.js";
import {compose, inbox, notices} from "./delegate/messages.js";

start("delegate", (ctx, root) => {
  let mode = null;
  let render = null;
  return (current) => {
    const next = current.state.you.delegation ? `seat:${current.state.you.delegation}` : "lobby";
    if (next !== mode) {
      mode = next;
      render = next === "lobby" ? lobbyPage(root) : seatPage(root);
    }
    render(current);
  };
});

function lobbyPage(root) {
  const box = h("div", {class: "lobby-wrap"});
  replace(root, box);
  return panel(box, lobby);
}

function seatPage(root) {
  const head = h("header", {class: "console-head"});
  const parts = {
    question: section("question", "Before the conference", {className: "panel-question"}),
    signing: section("signing", "Signing of the Final Acts", {className: "panel-signing"}),
    floor: section("floor", "The floor"),
    brief: section("brief", "Your brief", {className: "panel-brief", intro: "For your delegation only."}),
    agenda: section("agenda", "The texts"),
    news: section("news", "News and decisions"),
    messages: section("messages", "Messages"),
  };
  const inboxBox = h("div", {class: "inbox"});
  parts.messages.el.append(h("h3", {class: "subhead", text: "Received and sent"}), inboxBox);
  replace(root, head, quickNav(), h("div", {class: "console-grid"},
    h("div", {class: "col-main"}, parts.question.el, parts.signing.el, parts.brief.el, parts.agenda.el),
    h("div", {class: "col-side"}, parts.floor.el, parts.news.el, parts.messages.el)));
  const updates = [
    panel(head, header),
    panel(parts.question.body, question),
    panel(parts.signing.body, signing),
    panel(parts.floor.body, floor),
    panel(parts.brief.body, brief),
    panel(parts.agenda.body, agenda),
    panel(parts.news.body, notices),
    panel(parts.messages.body, compose),
    panel(inboxBox, inbox),
  ];
  return (ctx) => {
    parts.signing.el.hidden = ctx.state.signing === "closed";
    for (const update of updates) update(ctx);
  };
}

function quickNav() {
  const links = [["question", "Now"], ["floor", "Floor"], ["brief", "Brief"], ["agenda", "Texts"], ["messages", "Messages"]];
  return h("nav", {class: "quick-nav", "aria-label": "Sections"},
    links.map(([id, text]) => h("a", {href: `#panel-${id}`, text})));
}
