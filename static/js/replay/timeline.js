// The timeline: a scrubber over every event the viewer may see, play and pause at a chosen
// speed, the phases as a bar, filters, the list of events around the cursor, and the state of
// the conference at that point drawn with the live pages' components.
//
// It draws from the timeline's index (every row's seq, time, category and addressees, in
// columns) and fetches the rows' texts a page at a time as the list reaches them; the index
// comes with the texts of the first screen and of the screen at the end.

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

/** The index's columns as arrays: seq, time (seconds), category name, addressees. */
function columns(timeline) {
  const count = timeline.count;
  const seqs = new Array(count);
  const ats = new Array(count);
  let seq = 0;
  let ms = 0;
  for (let i = 0; i < count; i += 1) {
    seq += timeline.seq[i];
    ms += timeline.at[i];
    seqs[i] = seq;
    ats[i] = timeline.started_at + ms / 1000;
  }
  return {count, seqs, ats, categories: timeline.category.map((c) => timeline.categories[c]), to: timeline.to};
}

/** The last index whose key is at or before `s` in a sorted run of `length` (-1: none). */
function lastAtOrBefore(length, key, s) {
  let lo = 0;
  let hi = length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (key(mid) <= s) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

export function timelineSection({timeline, fetchState, fetchTexts, firstState}) {
  const rows = columns(timeline);
  const {seqs, ats, categories, to} = rows;
  const size = timeline.page_size;
  const names = timeline.delegations;
  const texts = new Map(Object.entries(timeline.pages).map(([k, v]) => [Number(k), v]));
  const asked = new Map();
  const failed = new Set();
  const last = timeline.last_seq;
  const on = new Set(FILTERS.map((f) => f.key));
  const prefetched = new Map(firstState ? [[last, firstState]] : []);
  let shownRows = [];
  let seq = last;
  let through = -1;
  let stale = false;
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
  const notice = h("div", {class: "timeline-notice"});
  const stage = h("div", {class: "replay-stage"}, h("p", {class: "muted", text: "Loading the state at this point…"}));
  const map = worldMap({names: true});

  const filterBoxes = h("fieldset", {class: "timeline-filters"}, h("legend", {text: "Show in the list"}),
    FILTERS.map((f) => h("label", {class: "check"},
      h("input", {type: "checkbox", checked: true, dataset: {filter: f.key}, on: {change: (event) => {
        if (event.target.checked) on.add(f.key); else on.delete(f.key);
        refilter();
        drawList();
      }}}), ` ${f.label}`)),
    h("label", {class: "through"}, "Only what this delegation saw ",
      h("select", {id: "seen-by", on: {change: (event) => { through = Number(event.target.value); refilter(); drawList(); }}},
        h("option", {value: "-1", text: "anyone (everything you may see)"}),
        names.map((d, i) => h("option", {value: String(i), text: d.name})))));

  const section = h("section", {id: "timeline", class: "card replay-section", "aria-labelledby": "timeline-title"},
    h("h2", {id: "timeline-title", text: "Timeline"}),
    phaseBar(timeline, last, (s) => go(s, {from: "phase"})),
    h("div", {class: "scrubber"},
      h("label", {for: "scrubber", class: "visually-hidden", text: "Point in the session (event number)"}),
      range, position),
    h("div", {class: "transport actions"}, playButton, h("label", {class: "speed"}, "Speed ", speed), previous, next),
    h("div", {class: "timeline-body"},
      h("div", {class: "timeline-side"}, filterBoxes, notice, list),
      h("div", {class: "timeline-state", "aria-label": "The conference at this point", role: "region"}, stage)));

  function refilter() {
    const wantedCategories = new Set(FILTERS.filter((f) => on.has(f.key)).flatMap((f) => f.categories));
    shownRows = [];
    for (let i = 0; i < rows.count; i += 1) {
      if (!wantedCategories.has(categories[i])) continue;
      if (through >= 0 && to[i] !== null && !to[i].includes(through)) continue;
      shownRows.push(i);
    }
  }

  /** The text of row i, or undefined while its page is not here. */
  function textOf(i) {
    const page = texts.get(Math.floor(i / size));
    return page ? page[i % size] : undefined;
  }

  /** Fetch the pages of texts not here yet, in one request (a page already on its way is
   * waited for, not asked for again). */
  function need(pages) {
    const fresh = pages.filter((k) => !texts.has(k) && !asked.has(k) && !failed.has(k));
    if (fresh.length) {
      const travelling = fetchTexts(fresh).then((answer) => {
        for (const k of fresh) {
          const got = answer.pages[String(k)];
          const expected = Math.max(0, Math.min(size, rows.count - k * size));
          if (answer.revealed !== timeline.revealed || !got || got.texts.length !== expected || (expected && got.first_seq !== seqs[k * size])) {
            stale = true;
            replace(notice, h("p", {class: "flash warning", role: "status",
              text: "Who may read the back-channel has changed since this page was opened. Reload the page to see the record as it is now."}));
            throw new Error("stale");
          }
          texts.set(k, got.texts);
        }
      }).catch((error) => { fresh.forEach((k) => failed.add(k)); throw error; })
        .finally(() => fresh.forEach((k) => asked.delete(k)));
      fresh.forEach((k) => asked.set(k, travelling));
    }
    return Promise.all(pages.filter((k) => asked.has(k)).map((k) => asked.get(k)));
  }

  function entryAt(s) {
    return lastAtOrBefore(rows.count, (i) => seqs[i], s);
  }

  function go(s, {from = "", quiet = false} = {}) {
    seq = Math.max(0, Math.min(last, s));
    if (from !== "scrubber") range.value = String(seq);
    const at = entryAt(seq);
    position.textContent = at >= 0 ? `Event ${seq} of ${last} · ${when(ats[at])}` : `Before the first event (of ${last})`;
    range.setAttribute("aria-valuetext", position.textContent);
    drawList();
    request(quiet);
  }

  function step(direction) {
    const k = lastAtOrBefore(shownRows.length, (j) => seqs[shownRows[j]], seq);
    const target = direction > 0 ? shownRows[k + 1] : (k >= 0 && seqs[shownRows[k]] === seq ? shownRows[k - 1] : shownRows[k]);
    if (target !== undefined) go(seqs[target]);
  }

  function drawList() {
    const k = lastAtOrBefore(shownRows.length, (j) => seqs[shownRows[j]], seq);
    const from = Math.max(0, k - AROUND);
    const rowsHere = shownRows.slice(from, Math.max(k + AROUND + 1, from + 2 * AROUND));
    const missing = [...new Set(rowsHere.filter((i) => textOf(i) === undefined).map((i) => Math.floor(i / size)))];
    replace(list, rowsHere.length ? rowsHere.map((i) => {
      const current = i === shownRows[k];
      const text = textOf(i);
      const page = Math.floor(i / size);
      return h("li", {class: ["timeline-entry", `cat-${categories[i]}`, seqs[i] > seq && "is-later", current && "is-current", text === undefined && "is-pending"]},
        h("button", {type: "button", class: "entry-jump", "aria-current": current ? "true" : null,
          on: {click: () => go(seqs[i])}},
        h("span", {class: "entry-seq", text: String(seqs[i])}),
        h("span", {class: "entry-text", text: text !== undefined ? text
          : failed.has(page) ? "This event's text could not be loaded." : "Loading…"}),
        to[i] ? h("span", {class: "tag tag-private", text: `to ${to[i].map((d) => names[d].name).join(", ")}`}) : null));
    }) : [h("li", {class: "muted", text: "No event matches these filters."})]);
    const current = list.querySelector(".is-current");
    if (current) list.scrollTop = Math.max(0, current.offsetTop - list.offsetTop - list.clientHeight / 3);
    const fetchable = missing.filter((p) => !failed.has(p));
    if (fetchable.length && !stale) need(fetchable).then(() => drawList(), () => drawList());
  }

  function request(quiet) {
    wanted = {seq, quiet};
    if (!loading) load();
  }

  function load() {
    const job = wanted;
    wanted = null;
    loading = true;
    const answer = prefetched.get(job.seq) || fetchState(job.seq);
    prefetched.clear();
    answer.then((state) => {
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
    if (at < 0) { announce("Before the first event."); return; }
    need([Math.floor(at / size)]).then(() => announce(`Event ${s}: ${textOf(at) ?? ""}`), () => announce(`Event ${s}.`));
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

  refilter();
  go(last, {quiet: true});
  return section;
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
