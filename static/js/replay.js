// The replay and debrief page: fetch the session's timeline and report once, then draw the
// timeline (with the state at any point), the votes, the texts, the coalitions, the
// objectives and history beside the class's outcome. Everything comes from the server.

import {h, replace} from "./dom.js";
import {timelineSection} from "./replay/timeline.js";
import {votesSection} from "./replay/votes.js";
import {textsSection} from "./replay/texts.js";
import {coalitionsSection} from "./replay/coalitions.js";
import {objectivesSection, historySection} from "./replay/debrief.js";

const root = document.getElementById("replay");
const session = root.dataset.session;
const as = root.dataset.as;

/** An address under /s/<id>/replay/, keeping the instructor's chosen view. */
export function address(path, params = {}) {
  const query = new URLSearchParams({...params, ...(as ? {as} : {})});
  const text = query.toString();
  return `/s/${session}/replay/${path}${text ? `?${text}` : ""}`;
}

async function load(path) {
  const response = await fetch(address(path), {credentials: "same-origin"});
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

Promise.all([load("timeline"), load("report")]).then(([timeline, report]) => {
  const fetchState = (seq) => fetch(address("state", {seq}), {credentials: "same-origin"})
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))));
  replace(root,
    timelineSection({timeline, report, fetchState}),
    votesSection(report),
    textsSection(report),
    coalitionsSection(report),
    objectivesSection(report),
    historySection(report));
  root.dataset.ready = "yes";
}).catch((error) => {
  replace(root, h("p", {class: "flash error", role: "alert", text: `The record of this session could not be loaded (${error.message}). Reload the page to try again.`}));
});
