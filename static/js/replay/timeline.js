// The timeline: a scrubber over every event the viewer may see, play and pause at a chosen
// speed, the phases as a bar, filters, the list of events around the cursor, and the state of
// the conference at that point drawn with the live pages' components.

import {h, replace} from "../dom.js";
import {announce} from "../feedback.js";
import * as label from "../labels.js";
import {treatyText, itemHeading} from "../render/treaty.js";
import {decisionTally} from "../render/tally.js";
import {outcomesList} from "../render/outcomes.js";
import {splitPanel} from "../render/split.js";
import {currentSpeaker} from "../render/floor.js";
import {feedList} from "../render/feed.js";
import {amendmentCard} from "../render/amendment.js";
import {decisionColouring, signatureColouring} from "../render/colouring.js";
import {worldMap} from "../render/worldmap.js";
import {when} from "./names.js";

const FILTERS = [
  {key: "decisions", label: "Votes, decisions and signing", categories: ["decision", "ballot", "signing"]},
  {key: "amendments", label: "Amendments and readings", categories: ["amendment"]},
  {key: "messages", label: "Messages", categories: ["message"]},
  {key: "injects", label: "News (injects)", categories: ["inject"]},
  {key: "floor", label: "The floor", categories: ["floor"]},
  {key: "procedure", label: "Phases and procedure", categories: ["phase", "procedure"]},
];
const SPEEDS = [1, 4, 16, 64, 256];
const AROUND = 12;

export function timelineSection({timeline, report, fetchState}) {
  const entries = timeline.entries;
  const last = timeline.last_seq;
  const on = new Set(FILTERS.map((f) => f.key));
  let seq = last;
  let through = "";
  let timer = null;
  let wanted = null;
  let loading = false;
  let shown = -1;

  const range = h("input", {type: "range", id: "scrubber", min: "0", max: String(last), value: String(last), step: "1",
    on: {input: () => go(Number(range.value), {from: "scrubber"})}});
  const position = h("p", {class: "scrub-position"});
  const playButton = h("button", {type: "button", class: "play", on: {click: () => (timer ? pause() : play())}}, "Play");
  const speed = h("select", {id: "replay-speed", on: {change: () => { if (timer) { pause(); play(); } }}},
    SPEEDS.map((n) => h("option", {value: String(n), selected: n === 16, text: `${n} event${n === 1 ? "" : "s"} a second`})));
  const previous = h("button", {type: "button", on: {click: () => step(-1)}}, "Previous event");
  const next = h("button", {type: "button", on: {click: () => step(1)}}, "Next event");
  const list = h("ol", {class: "timeline-list", "aria-label": "Events around this point"});
  const stage = h("div", {class: "replay-stage"}, h("p", {class: "muted", text: "Loading the state at this point…"}));
  const map = worldMap({names: true});

  const filterBoxes = h("fieldset", {class: "timeline-filters"}, h("legend", {text: "Show in the list"}),
    FILTERS.map((f) => h("label", {class: "check"},
      h("input", {type: "checkbox", checked: true, dataset: {filter: f.key}, on: {change: (event) => {
        if (event.target.checked) on.add(f.key); else on.delete(f.key);
        drawList();
      }}}), ` ${f.label}`)),
    h("label", {class: "through"}, "Only what this delegation saw ",
      h("select", {id: "seen-by", on: {change: (event) => { through = event.target.value; drawList(); }}},
        h("option", {value: "", text: "anyone (everything you may see)"}),
        report.delegations.map((d) => h("option", {value: d.id, text: d.name})))));

  const section = h("section", {id: "timeline", class: "card replay-section", "aria-labelledby": "timeline-title"},
    h("h2", {id: "timeline-title", text: "Timeline"}),
    phaseBar(timeline, last, (s) => go(s, {from: "phase"})),
    h("div", {class: "scrubber"},
      h("label", {for: "scrubber", class: "visually-hidden", text: "Point in the session (event number)"}),
      range, position),
    h("div", {class: "transport actions"}, playButton, h("label", {class: "speed"}, "Speed ", speed), previous, next),
    h("div", {class: "timeline-body"},
      h("div", {class: "timeline-side"}, filterBoxes, list),
      h("div", {class: "timeline-state", "aria-label": "The conference at this point", role: "region"}, stage)));

  function visible(entry) {
    const category = entry[2];
    if (!FILTERS.some((f) => on.has(f.key) && f.categories.includes(category))) return false;
    return !through || entry[5] === null || entry[5].includes(through);
  }

  function entryAt(s) {
    // the last entry at or before seq s (entries are in seq order)
    let lo = 0;
    let hi = entries.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (entries[mid][0] <= s) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  function go(s, {from = "", quiet = false} = {}) {
    seq = Math.max(0, Math.min(last, s));
    if (from !== "scrubber") range.value = String(seq);
    const at = entryAt(seq);
    position.textContent = at >= 0 ? `Event ${seq} of ${last} · ${when(entries[at][1])}` : `Before the first event (of ${last})`;
    range.setAttribute("aria-valuetext", position.textContent);
    drawList();
    request(quiet);
  }

  function step(direction) {
    const shownEntries = entries.filter(visible);
    const target = direction > 0 ? shownEntries.find((e) => e[0] > seq) : [...shownEntries].reverse().find((e) => e[0] < seq);
    if (target) go(target[0]);
  }

  function drawList() {
    const filtered = entries.filter(visible);
    let i = -1;
    for (let k = 0; k < filtered.length && filtered[k][0] <= seq; k += 1) i = k;
    const from = Math.max(0, i - AROUND);
    const rows = filtered.slice(from, Math.max(i + AROUND + 1, from + 2 * AROUND));
    replace(list, rows.length ? rows.map((entry) => {
      const current = entry[0] === (filtered[i] || [])[0];
      return h("li", {class: ["timeline-entry", `cat-${entry[2]}`, entry[0] > seq && "is-later", current && "is-current"]},
        h("button", {type: "button", class: "entry-jump", "aria-current": current ? "true" : null,
          on: {click: () => go(entry[0])}},
        h("span", {class: "entry-seq", text: String(entry[0])}),
        h("span", {class: "entry-text", text: entry[3]}),
        entry[5] ? h("span", {class: "tag tag-private", text: `to ${entry[5].map((d) => delegationName(report, d)).join(", ")}`}) : null));
    }) : [h("li", {class: "muted", text: "No event matches these filters."})]);
    const current = list.querySelector(".is-current");
    if (current) list.scrollTop = Math.max(0, current.offsetTop - list.offsetTop - list.clientHeight / 3);
  }

  function request(quiet) {
    wanted = {seq, quiet};
    if (!loading) load();
  }

  function load() {
    const job = wanted;
    wanted = null;
    loading = true;
    fetchState(job.seq).then((state) => {
      loading = false;
      if (wanted) return load();
      if (state.seq !== shown) { shown = state.seq; drawState(state); }
      if (!timer && !job.quiet) say(job.seq);
      return null;
    }).catch(() => {
      loading = false;
      replace(stage, h("p", {class: "flash error", role: "alert", text: "The state at this point could not be loaded. Move the scrubber to try again."}));
    });
  }

  function say(s) {
    const at = entryAt(s);
    announce(at >= 0 ? `Event ${s}: ${entries[at][3]}` : "Before the first event.");
  }

  function drawState(state) {
    replace(stage, stateView(state, map));
    section.dataset.seq = String(state.seq);
  }

  function play() {
    if (seq >= last) go(0, {quiet: true});
    const perSecond = Number(speed.value);
    const interval = Math.max(1000 / perSecond, 40);
    const stride = Math.max(1, Math.round(perSecond * interval / 1000));
    playButton.textContent = "Pause";
    playButton.setAttribute("aria-pressed", "true");
    announce("Playing.");
    timer = setInterval(() => {
      if (seq >= last) { pause(); return; }
      go(seq + stride, {quiet: true});
    }, interval);
  }

  function pause() {
    clearInterval(timer);
    timer = null;
    playButton.textContent = "Play";
    playButton.setAttribute("aria-pressed", "false");
    say(seq);
  }

  go(last, {quiet: true});
  return section;
}

function delegationName(report, id) {
  const found = report.delegations.find((d) => d.id === id);
  return found ? found.name : id;
}

function phaseBar(timeline, last, jump) {
  const phases = timeline.phases;
  return h("ol", {class: "phase-bar", "aria-label": "Phases of the session"}, phases.map((p, i) => {
    const end = i + 1 < phases.length ? phases[i + 1].seq : last;
    const part = h("li", {class: `phase-part phase-${i % 4}`},
      h("button", {type: "button", on: {click: () => jump(p.seq + (p.seq ? 0 : 1))}, title: `Jump to ${p.name}`},
        h("span", {class: "phase-part-name", text: p.name}),
        h("span", {class: "visually-hidden", text: ` (from event ${p.seq})`})));
    part.style.flexGrow = String(Math.max(end - p.seq, 1));
    return part;
  }));
}

/** The conference at one point, as its live pages drew it. */
export function stateView(state, map) {
  const decision = state.decision;
  let colouring = null;
  if (decision) colouring = decisionColouring(state, decision);
  else if (state.signing !== "closed") colouring = signatureColouring(state);
  if (colouring) map.update(colouring);
  const pending = state.amendments.filter((a) => a.status === "proposed");
  return h("div", {class: "state-view"},
    h("p", {class: "state-meta"},
      h("span", {class: "tag", text: label.phase(state)}),
      state.paused ? h("span", {class: "tag tag-paused", text: "Paused"}) : null,
      state.ended ? h("span", {class: "tag tag-ended", text: "Ended"}) : null),
    decision ? h("section", {class: "state-question"},
      h("h3", {text: `${label.method(decision.method)}: ${label.subject(state, decision.subject)}`}),
      decision.method === "sounding" ? h("p", {class: "indicative-note", text: "A sounding of the room is indicative: placards, not a vote."}) : null,
      decisionTally(state, decision)) : null,
    state.signing !== "closed" && !decision ? h("section", {class: "state-signing"}, h("h3", {text: "The Final Acts"}), splitPanel(state)) : null,
    colouring ? map.el : null,
    h("section", {class: "state-floor"}, h("h3", {text: "The floor"}), currentSpeaker(state)),
    h("section", {class: "state-texts"}, h("h3", {text: "The texts"}),
      state.items.map((item) => h("article", {class: `item item-${item.status}`}, itemHeading(item, {level: "h4"}), treatyText(item.segments)))),
    pending.length ? h("section", {class: "state-amendments"}, h("h3", {text: "Pending amendments"}),
      pending.map((a) => amendmentCard(state, a))) : null,
    h("section", {class: "state-outcomes"}, h("h3", {text: "Decisions so far"}), outcomesList(state, {limit: 4})),
    h("section", {class: "state-feed"}, h("h3", {text: "Just before"}), feedList(state, state.events, {limit: 6, empty: "Nothing has happened yet."})));
}
