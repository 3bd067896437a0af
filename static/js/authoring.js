// The scenario editor page: checks the text as the instructor types (400 ms after the last
// key), shows each problem beside its line and in the list below, keeps the preview of the
// last text without problems, saves drafts and publishes. The server decides everything:
// the problems, whether Publish is allowed and why not; this page only shows it.

import {h, replace} from "./dom.js";
import {editor} from "./authoring-editor.js";
import {preview as previewPane} from "./authoring-preview.js";
import {announce} from "./feedback.js";

const CHECK_DELAY = 400;

const data = JSON.parse(document.getElementById("authoring-data").textContent);
const form = document.getElementById("editor-form");
const area = document.getElementById("scenario-text");
const status = document.getElementById("check-status");
const saveButton = document.getElementById("save");
const publishButton = document.getElementById("publish");
const publishReason = document.getElementById("publish-reason");
const previewNote = document.getElementById("preview-note");
const text = editor(document.getElementById("editor"), area);
const shown = previewPane(document.getElementById("preview"));

let urls = {check: data.check_url, save: data.save_url, publish: data.publish_url};
let savedText = area.value;
let entry = data.entry || null;
let check = data.check;
let previewOf = null;
let said = "";
let timer = null;
let inFlight = null;
let asked = 0;
let busy = false;

// --- showing what the server said ---------------------------------------------------------

function show(result, {announceIt = true} = {}) {
  check = result;
  text.mark(result.problems, result.warnings);
  list("problems", result.problems, "No problems.");
  list("warnings", result.warnings, "No warnings.");
  if (result.preview) {
    shown.update(result.preview);
    previewOf = result.preview.version;
  }
  previewNote.hidden = result.previewable;
  previewNote.textContent = previewOf
    ? "The text has problems, so the preview still shows the last text that had none."
    : "The preview appears once the text has no problems of the scenario format.";
  const summary = summarise(result);
  status.textContent = summary;
  status.className = `check-status ${result.problems.length ? "is-bad" : "is-good"}`;
  if (announceIt && summary !== said) announce(summary);
  said = summary;
  updateButtons();
}

function summarise(result) {
  const n = result.problems.length;
  const w = result.warnings.length;
  const warnings = w ? ` and ${w} warning${w === 1 ? "" : "s"}` : "";
  if (!n) return `No problems${warnings ? `; ${w} warning${w === 1 ? "" : "s"}` : ""}.`;
  return `${n} problem${n === 1 ? "" : "s"}${warnings}; the first is on line ${result.problems[0].line}.`;
}

function list(kind, findings, empty) {
  const el = document.getElementById(kind);
  document.getElementById(`${kind}-heading`).textContent = `${kind === "problems" ? "Problems" : "Warnings"} (${findings.length})`;
  if (!findings.length) {
    replace(el, h("li", {class: "muted findings-empty", text: empty}));
    return;
  }
  const one = kind === "problems" ? "problem" : "warning";
  replace(el, findings.map((f) => h("li", {class: `finding is-${one}`},
    h("button", {type: "button", class: "finding-jump", on: {click: () => text.goTo(f.line)}},
      h("span", {class: "finding-icon", "aria-hidden": "true", text: one === "problem" ? "✕" : "!"}),
      h("span", {class: "visually-hidden", text: `${one === "problem" ? "Problem" : "Warning"}: `}),
      h("span", {class: "finding-line", text: `Line ${f.line}`}), " ",
      h("span", {class: "finding-field", text: f.field}), ": ", f.message))));
}

function updateButtons() {
  if (!publishButton) return;
  const allowed = check.publish.allowed && !busy;
  publishButton.disabled = !allowed;
  saveButton.disabled = busy;
  publishReason.textContent = check.publish.reason;
  showEntry();
}

function showEntry() {
  if (!entry) return;
  const parts = [];
  parts.push(entry.published ? `published: version ${entry.published}` : "never published");
  if (entry.latest !== entry.published) parts.push(`saved draft: version ${entry.latest}`);
  if (area.value !== savedText) parts.push("unsaved changes");
  document.getElementById("entry-state").textContent = parts.join(" · ");
}

// --- checking as the instructor types -------------------------------------------------------

function typed() {
  showEntry();
  clearTimeout(timer);
  timer = setTimeout(runCheck, CHECK_DELAY);
}

async function runCheck() {
  if (inFlight) inFlight.abort();
  inFlight = new AbortController();
  const mine = ++asked;
  try {
    const response = await post(urls.check, {text: area.value, preview_of: previewOf || ""}, inFlight.signal);
    const body = await response.json();
    if (mine !== asked) return;
    if (!response.ok) return fail(body.error || `The check failed (HTTP ${response.status}).`);
    show(body);
  } catch (error) {
    if (error.name !== "AbortError" && mine === asked) fail("The text could not be checked: is the server reachable?");
  }
}

function fail(message) {
  status.textContent = message;
  status.className = "check-status is-bad";
  announce(message);
}

function post(url, fields, signal = undefined) {
  const body = new FormData(form);
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  return fetch(url, {method: "POST", body, signal, credentials: "same-origin", headers: {Accept: "application/json"}});
}

// --- saving and publishing ------------------------------------------------------------------

async function send(url) {
  clearTimeout(timer);
  if (inFlight) inFlight.abort();
  asked += 1;
  busy = true;
  updateButtons();
  const sent = area.value;
  try {
    const response = await post(url, {text: sent});
    const body = await response.json();
    if (!response.ok) {
      if (body.problems && body.problems.length) show({...check, problems: body.problems}, {announceIt: false});
      fail(body.error || `Not saved (HTTP ${response.status}).`);
      return;
    }
    savedText = sent;
    entry = body.entry;
    moved(body);
    versions(body.versions);
    show({...body.check, preview: null}, {announceIt: false});
    status.textContent = `${body.message} ${summarise(body.check)}`;
    announce(body.message);
  } catch {
    fail("Not saved: the server could not be reached. Your text is still here; try again.");
  } finally {
    busy = false;
    updateButtons();
  }
}

/** After a save that renamed the scenario, the page's address and forms follow the new id. */
function moved(body) {
  urls = {check: body.check_url, save: body.save_url, publish: body.publish_url};
  form.action = urls.save;
  publishButton.formAction = urls.publish;
  if (body.edit_url !== location.pathname) history.replaceState(null, "", body.edit_url);
  document.getElementById("scenario-id").textContent = body.entry.id;
  document.getElementById("scenario-title").textContent = body.entry.title;
  document.title = `${body.entry.title} · Edit · Plenary`;
}

// --- the versions -----------------------------------------------------------------------------

const when = new Intl.DateTimeFormat(undefined, {dateStyle: "medium", timeStyle: "short"});

function versions(rows) {
  const el = document.getElementById("versions");
  if (!el) return;
  const current = entry && entry.published;
  replace(el, h("div", {class: "table-wrap"}, h("table", {class: "versions-table"},
    h("caption", {class: "visually-hidden", text: "Versions, newest first"}),
    h("thead", {}, h("tr", {}, ["Version", "Saved", "Published", "Sessions using it", "Text"].map((t) => h("th", {scope: "col", text: t})))),
    h("tbody", {}, rows.map((v) => h("tr", {class: v.number === current ? "is-current" : null},
      h("th", {scope: "row"}, `Version ${v.number}`, v.number === current ? h("span", {class: "badge is-published", text: "in use"}) : null),
      h("td", {text: `${when.format(new Date(v.created_at * 1000))} by ${v.saved_by}`}),
      h("td", {text: v.published_at ? when.format(new Date(v.published_at * 1000)) : "—"}),
      h("td", {}, v.sessions.length ? h("ul", {class: "plain"}, v.sessions.map((s) => h("li", {},
        h("a", {href: s.url, text: s.title}), h("span", {class: "muted", text: ` (${s.status})`})))) : h("span", {class: "muted", text: "none"})),
      h("td", {}, h("a", {href: v.url, text: "View text", "aria-label": `View the text of version ${v.number}`}))))))));
}

// --- wiring -------------------------------------------------------------------------------------

show(check, {announceIt: false});
if (!data.readonly) {
  versions(data.versions);
  area.addEventListener("input", typed);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send(event.submitter === publishButton ? urls.publish : urls.save);
  });
  area.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
      event.preventDefault();
      send(urls.save);
    }
  });
}
