// The replay and debrief page. The state at the current point and the timeline's index (with
// the texts of its first and last screens) are asked for at once and drawn as soon as they
// arrive; the report (one fold of the whole log: votes, texts, coalitions, objectives,
// history) is asked for next, and its sections say they are loading until it comes.
// Everything comes from the server.

import {h, replace} from "./dom.js";
import {announce} from "./feedback.js";
import {timelineSection} from "./replay/timeline.js";
import {votesSection} from "./replay/votes.js";
import {textsSection} from "./replay/texts.js";
import {coalitionsSection} from "./replay/coalitions.js";
import {objectivesSection, historySection} from "./replay/debrief.js";

const root = document.getElementById("replay");
const session = root.dataset.session;
const as = root.dataset.as;
const upto = root.dataset.last;

/** An address under /s/<id>/replay/, keeping the instructor's chosen view. */
export function address(path, params = {}) {
  const query = new URLSearchParams({...params, ...(as ? {as} : {})});
  const text = query.toString();
  return `/s/${session}/replay/${path}${text ? `?${text}` : ""}`;
}

async function load(path, params = {}) {
  const response = await fetch(address(path, params), {credentials: "same-origin"});
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

/** The report's sections, each a card that says it is loading until the report arrives. */
const SECTIONS = [
  {id: "votes", title: "Votes and the signing", what: "the votes", draw: votesSection},
  {id: "texts", title: "How the texts changed", what: "the texts' history", draw: textsSection},
  {id: "coalitions", title: "Coalitions", what: "the coalitions", draw: coalitionsSection},
  {id: "objectives", title: "Objectives", what: "the objectives", draw: objectivesSection},
  {id: "history", title: "Beside history", what: "the comparison with history", draw: historySection},
];

function waiting(section) {
  return h("section", {id: section.id, class: "card replay-section is-loading", "aria-labelledby": `${section.id}-title`, "aria-busy": "true"},
    h("h2", {id: `${section.id}-title`, text: section.title}),
    h("p", {class: "loading-note", text: `Working out ${section.what} from the whole record…`}));
}

function failed(section, error) {
  return h("section", {id: section.id, class: "card replay-section", "aria-labelledby": `${section.id}-title`},
    h("h2", {id: `${section.id}-title`, text: section.title}),
    h("p", {class: "flash error", text: `This part of the debrief could not be loaded (${error.message}). Reload the page to try again.`}));
}

const fetchState = (seq) => load("state", {seq});
const firstState = fetchState(upto);
firstState.catch(() => {});  // drawn (or reported) by the timeline

load("timeline/index", {upto}).then((timeline) => {
  const report = load("report");
  const placeholders = SECTIONS.map(waiting);
  replace(root,
    timelineSection({timeline, fetchState, firstState, fetchTexts: (pages) => load("timeline/texts", {pages: pages.join(","), upto})}),
    placeholders);
  root.dataset.ready = "yes";
  announce("The timeline is ready; the votes, texts, coalitions, objectives and history are still loading.");
  report.then((answer) => {
    SECTIONS.forEach((section, i) => placeholders[i].replaceWith(section.draw(answer)));
    root.dataset.report = "yes";
    announce("The votes, texts, coalitions, objectives and history are ready.");
  }).catch((error) => {
    SECTIONS.forEach((section, i) => placeholders[i].replaceWith(failed(section, error)));
    announce("The debrief's analysis could not be loaded.");
  });
}).catch((error) => {
  replace(root, h("p", {class: "flash error", role: "alert", text: `The record of this session could not be loaded (${error.message}). Reload the page to try again.`}));
});
