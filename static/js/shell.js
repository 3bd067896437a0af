// What every live console shares: read the page shell, connect, show the connection's
// health, announce live events, and hand each new state to the console's renderer.

import {connect} from "./client.js";
import {h, replace} from "./dom.js";
import {announce} from "./feedback.js";
import {observe} from "./clock.js";
import {actions} from "./panel.js";
import {announcement} from "./render/feed.js";

const STATUS_TEXT = {
  connecting: "Connecting to the conference…",
  syncing: "Catching up with the conference…",
  reconnecting: "Connection lost. Reconnecting…",
};

/** Start a console. `setup(ctx)` builds the page once and returns render(ctx) for each state. */
export function start(view, setup) {
  const app = document.getElementById("app");
  const data = {...app.dataset};
  const client = connect({session: data.session, view});
  const banner = h("div", {class: "conn-banner", role: "status", hidden: true});
  const root = h("div", {class: `console-root console-${view}`});
  replace(app, banner, root);

  const ctx = {view, data, client, act: actions(client), send: (c) => client.send(c), state: null, events: []};
  let render = null;

  client.on("status", (status, detail) => {
    if (status === "removed") return showEnd(root, banner, "The chair removed you from this session", "Your seat is no longer yours. If this was a mistake, ask the chair, then join again with the code.");
    if (status === "refused") return showEnd(root, banner, "This page cannot join the conference", detail);
    banner.hidden = status === "live";
    banner.textContent = STATUS_TEXT[status] || "";
    banner.classList.toggle("is-warning", status === "reconnecting");
  });
  client.on("events", (fresh, {live}) => {
    if (!live) return;
    observe(fresh);
    const state = client.state;
    if (!state) return;
    // What you did yourself is confirmed by your own control; outcomes are always read out.
    const self = view === "chair" ? "chair" : `delegate:${state.you.delegation}`;
    for (const item of fresh) {
      if (item.actor !== self || item.event.type === "DecisionClosed") announce(announcement(state, item, view));
    }
  });
  client.on("state", (state) => {
    ctx.state = state;
    ctx.events = client.events;
    if (!render) render = setup(ctx, root);
    render(ctx);
  });
  return ctx;
}

function showEnd(root, banner, title, detail) {
  banner.hidden = true;
  window.scrollTo(0, 0);
  replace(root, h("section", {class: "end-screen card"},
    h("h1", {text: title}),
    h("p", {text: detail || ""}),
    h("p", {}, h("a", {href: "/", class: "button"}, "Join with a code"))));
  announce(`${title}. ${detail || ""}`);
}
