// The proceedings as sentences: messages, news (injects), outcomes and procedural steps.
// Every piece of text goes in through textContent.

import {h} from "../dom.js";
import * as label from "../labels.js";

/** What an event says, for the feed: {kind, title, text, tone} or null to leave it out. */
export function describe(state, item) {
  const e = item.event;
  const d = (id) => label.delegation(state, id);
  switch (e.type) {
    case "MessageSent": return message(state, e);
    case "InjectFired": return {kind: "inject", title: e.title, text: e.text, meta: e.to && e.to.length ? `News to ${label.delegationList(state, e.to)}` : "News to all delegations"};
    case "DecisionClosed": return {kind: "outcome", title: `${label.subject(state, e.outcome.subject)} (${label.method(e.outcome.method).toLowerCase()})`, text: e.outcome.reason};
    case "PhaseChanged": return {kind: "procedure", text: `The conference moves to ${label.phase(state, e.phase)}.`};
    case "ObjectionsCalled": return {kind: "procedure", text: `The chair asks whether there is any objection to ${label.subject(state, e.subject)}.`};
    case "ObjectionRaised": return {kind: "procedure", text: `${d(e.delegation)} objects${e.reason ? `: ${e.reason}` : "."}`};
    case "SoundingOpened": return {kind: "procedure", text: `The chair sounds the room on ${label.subject(state, e.subject)}: placards, not a vote.`};
    case "VoteOpened": return {kind: "procedure", text: `${label.method(e.method)} opened on ${label.subject(state, e.subject)}.`};
    case "AmendmentProposed": return {kind: "procedure", text: `${d(e.sponsor)} proposes amendment ${e.amendment} to ${label.item(state, e.item)}${e.bracket ? `, bracket ${e.bracket}` : ""}.`};
    case "AmendmentCosponsored": return {kind: "procedure", text: `${d(e.delegation)} co-sponsors amendment ${e.amendment}.`};
    case "AmendmentWithdrawn": return {kind: "procedure", text: `Amendment ${e.amendment} is withdrawn.`};
    case "AmendmentAccepted": return {kind: "procedure", text: `The chair takes amendment ${e.amendment} into the text.`};
    case "ReadingAdvanced": return {kind: "procedure", text: `${label.item(state, e.item)}: reading ${e.reading}.`};
    case "FloorGiven": return {kind: "procedure", text: `${d(e.delegation)} has the floor (${label.floorKind(e.kind).toLowerCase()}).`};
    case "FloorRequested": return {kind: "procedure", text: `${d(e.delegation)} asks for the floor (${label.floorKind(e.kind).toLowerCase()}).`};
    case "PointOfOrderRuled": return {kind: "procedure", text: `The chair rules on ${d(e.delegation)}'s point of order: ${e.ruling}`};
    case "SpeakingTimeSet": return {kind: "procedure", text: `Speaking time is now ${e.seconds} seconds.`};
    case "SigningOpened": return {kind: "procedure", text: "The Final Acts are open for signature."};
    case "FinalActsSigned": return {kind: "procedure", text: sentence(`${d(e.delegation)}: ${label.SIGNATURES[e.kind] || e.kind}${e.text ? ` — ${e.text.trim()}` : ""}`)};
    case "SigningClosed": return {kind: "outcome", title: "Signing closed", text: `${e.signed} signed, ${e.not_signed} did not sign (of ${e.eligible} entitled to sign).`};
    case "SessionPaused": return {kind: "procedure", text: e.paused ? "The chair pauses the session." : "The session resumes."};
    case "SessionEnded": return {kind: "procedure", text: "The session has ended."};
    default: return null;
  }
}

/** End a sentence with a full stop unless it already ends with punctuation. */
function sentence(text) {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

function message(state, e) {
  const from = e.sender === "chair" ? "The chair" : label.delegation(state, e.sender);
  if (e.audience === "public") return {kind: "message", title: from, text: e.text, meta: "Public statement"};
  if (e.audience === "bloc") return {kind: "message", title: from, text: e.text, meta: `${label.bloc(state, e.to[0])} channel`, tone: "bloc"};
  return {kind: "message", title: from, text: e.text, meta: `Private, to ${label.delegationList(state, e.to)}`, tone: "private"};
}

/** A list of recent events, newest first, filtered by kind. */
export function feedList(state, events, {kinds = null, limit = 40, empty = "Nothing yet."} = {}) {
  const rows = [];
  for (let i = events.length - 1; i >= 0 && rows.length < limit; i -= 1) {
    const said = describe(state, events[i]);
    if (said && (!kinds || kinds.includes(said.kind))) rows.push([events[i], said]);
  }
  if (!rows.length) return h("p", {class: "muted", text: empty});
  return h("ol", {class: "feed"}, rows.map(([item, said]) => h("li", {class: ["feed-item", `feed-${said.kind}`, said.tone && `tone-${said.tone}`]},
    h("p", {class: "feed-meta"},
      h("time", {datetime: new Date(item.at * 1000).toISOString(), text: clockTime(item.at)}),
      said.meta ? h("span", {text: said.meta}) : null),
    said.title ? h("p", {class: "feed-title", text: said.title}) : null,
    h("p", {class: "feed-text", text: said.text}))));
}

export function clockTime(at) {
  return new Date(at * 1000).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
}

const ANNOUNCED = new Set(["DecisionClosed", "VoteOpened", "ObjectionsCalled", "SoundingOpened", "FloorGiven", "InjectFired",
  "PhaseChanged", "SigningOpened", "SigningClosed", "SessionPaused", "SessionEnded", "ObjectionRaised", "AmendmentProposed", "PointOfOrderRuled"]);

/** A sentence for the live region when a live event arrives (null for routine ones). */
export function announcement(state, item, view) {
  const e = item.event;
  if (e.type === "MessageSent" && e.audience !== "public") {
    const said = message(state, e);
    return `New ${e.audience === "bloc" ? "bloc" : "private"} message from ${said.title}.`;
  }
  if (!ANNOUNCED.has(e.type)) return null;
  if (e.type === "FloorRequested" && view !== "chair") return null;
  const said = describe(state, item);
  if (!said) return null;
  if (e.type === "InjectFired") return `News: ${e.title}.`;
  if (e.type === "DecisionClosed") return `${label.subject(state, e.outcome.subject)}. ${e.outcome.reason}`;
  return said.title ? `${said.title}. ${said.text}` : said.text;
}
