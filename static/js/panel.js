// Panels re-render from the state when the slice they show changes. What a person is in the
// middle of (the focused control, text typed into a field, an open <details>) survives the
// re-render, matched by element id.

import {replace} from "./dom.js";
import {announce, dismissError, restoreErrors, showError} from "./feedback.js";

document.addEventListener("input", markDirty, true);
document.addEventListener("change", markDirty, true);
function markDirty(event) {
  if (event.isTrusted && event.target instanceof HTMLElement) event.target.dataset.dirty = "1";
}

/** A region of the page that re-renders when key(ctx) changes. Returns update(ctx). */
export function panel(container, {key, render}) {
  let last = null;
  return function update(ctx) {
    const next = key(ctx);
    if (next === last) return;
    last = next;
    const saved = snapshot(container);
    replace(container, render(ctx));
    restore(container, saved);
    restoreErrors(container);
  };
}

function snapshot(root) {
  const active = document.activeElement;
  const fields = [];
  for (const el of root.querySelectorAll("input[id], textarea[id], select[id]")) {
    if (el.dataset.dirty) fields.push({id: el.id, value: el.value, checked: el.checked});
  }
  const open = [...root.querySelectorAll("details[id]")].map((d) => [d.id, d.open]);
  return {focus: active && root.contains(active) && active.id ? active.id : null, fields, open};
}

function restore(root, saved) {
  for (const [id, isOpen] of saved.open) {
    const d = root.querySelector(`#${CSS.escape(id)}`);
    if (d) d.open = isOpen;
  }
  for (const field of saved.fields) {
    const el = root.querySelector(`#${CSS.escape(field.id)}`);
    if (!el) continue;
    if (el.type === "checkbox" || el.type === "radio") el.checked = field.checked;
    else el.value = field.value;
    el.dataset.dirty = "1";
    el.dispatchEvent(new Event("change", {bubbles: true}));
  }
  if (saved.focus) {
    const el = root.querySelector(`#${CSS.escape(saved.focus)}`);
    if (el) el.focus({preventScroll: true});
  }
}

/** Forget what was typed into a form once its command succeeded. */
export function resetForm(form) {
  form.reset();
  for (const el of form.querySelectorAll("[data-dirty]")) delete el.dataset.dirty;
  for (const el of form.querySelectorAll("input, select, textarea")) el.dispatchEvent(new Event("change", {bubbles: true}));
}

/** Send a command from the control named `key`; show its error beside it, announce success. */
export function actions(client) {
  return async function act(key, command, {success, form} = {}) {
    const control = document.querySelector(`[data-control="${CSS.escape(key)}"]`);
    if (control && control.classList.contains("is-busy")) return {ok: false, error: {code: "busy"}};
    dismissError(key);
    if (control) { control.setAttribute("aria-busy", "true"); control.classList.add("is-busy"); }
    const ack = await client.send(command);
    const now = document.querySelector(`[data-control="${CSS.escape(key)}"]`);
    if (now) { now.removeAttribute("aria-busy"); now.classList.remove("is-busy"); }
    if (!ack.ok) {
      showError(key, ack.error && ack.error.message ? ack.error.message : "That did not work.", now);
      return ack;
    }
    if (form) resetForm(form);
    if (success) announce(typeof success === "function" ? success(ack) : success);
    return ack;
  };
}
