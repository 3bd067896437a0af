// Telling people what happened: the #announcer live region for screen readers, and visible,
// dismissable error messages placed next to the control that failed.

import {h} from "./dom.js";

const queue = [];
let timer = null;

/** Say something through the page's aria-live region (several in a burst become one). */
export function announce(text) {
  if (!text) return;
  queue.push(text);
  if (timer) return;
  timer = setTimeout(flush, 150);
}

function flush() {
  timer = null;
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  const message = queue.splice(0).join(" ");
  // A fresh node, a moment later, so the same words said twice are still read out.
  setTimeout(() => { region.textContent = message; }, 60);
}

// Errors live in a registry keyed by the control's data-control name, so a panel that
// re-renders while an error is showing puts it back beside the new control.
const errors = new Map();

/** Show `message` beside the control named `key` and announce it. */
export function showError(key, message, anchor) {
  dismissError(key);
  const note = h("div", {class: "error-note", dataset: {errorFor: key}},
    h("span", {class: "error-icon", "aria-hidden": "true", text: "!"}),
    h("span", {class: "error-text", text: message}),
    h("button", {type: "button", class: "error-dismiss", "aria-label": "Dismiss this message",
      on: {click: () => dismissError(key, true)}}, "Dismiss"));
  errors.set(key, note);
  place(key, note, anchor);
  announce(`Not done: ${message}`);
}

export function dismissError(key, refocus = false) {
  const note = errors.get(key);
  if (!note) return;
  errors.delete(key);
  const control = refocus ? findControl(document, key) : null;
  note.remove();
  if (control) control.focus();
}

/** After a panel re-renders, put its errors back beside their controls. */
export function restoreErrors(root) {
  for (const [key, note] of errors) {
    const control = findControl(root, key);
    if (control) place(key, note, control);
  }
}

function place(key, note, anchor) {
  const control = anchor && anchor.isConnected ? anchor : findControl(document, key);
  if (!control) return;
  const row = control.closest(".control-row, form, .actions, .phase-nav, .speaker-actions") || control;
  row.after(note);
}

function findControl(root, key) {
  return root.querySelector(`[data-control="${CSS.escape(key)}"]`);
}
