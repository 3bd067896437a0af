// Small form controls built the same way everywhere: labelled, keyboard-usable, named by a
// data-control key so that an error can be shown beside the control that failed.

import {h} from "./dom.js";

/** A button that runs `onClick`; `key` names it for errors and busy state. */
export function button(key, text, onClick, {variant = "", pressed = null, disabled = false, describedBy = null, title = null} = {}) {
  return h("button", {
    type: "button",
    class: ["btn", ...variant.split(" ").filter(Boolean).map((v) => `btn-${v}`)],
    dataset: {control: key},
    "aria-pressed": pressed === null ? null : String(pressed),
    "aria-describedby": describedBy,
    disabled,
    title,
    on: {click: onClick},
  }, text);
}

/** A form whose submit (button or Enter) calls onSubmit(form, event) instead of navigating. */
export function form(key, onSubmit, children, {className = ""} = {}) {
  const el = h("form", {class: ["control-form", className], dataset: {control: key}, novalidate: true,
    on: {submit: (event) => { event.preventDefault(); onSubmit(el, event); }}}, children);
  return el;
}

/** A label wrapping a control with its text above it. */
export function field(text, control, {hint = null, className = ""} = {}) {
  return h("label", {class: ["field", className]}, h("span", {class: "field-label", text}),
    hint ? h("span", {class: "field-hint", text: hint}) : null, control);
}

export function textInput(id, {value = "", placeholder = "", maxLength = 4000, required = false, type = "text"} = {}) {
  return h("input", {id, name: id, type, value, placeholder, maxLength, required, autocomplete: "off"});
}

export function textArea(id, {value = "", placeholder = "", maxLength = 4000, rows = 3, required = false} = {}) {
  const el = h("textarea", {id, name: id, placeholder, maxLength, rows, required});
  el.defaultValue = value;
  return el;
}

export function numberInput(id, {value = "", min = 0, max = 3600, step = 1, placeholder = ""} = {}) {
  return h("input", {id, name: id, type: "number", inputmode: "numeric", value: String(value), min: String(min), max: String(max), step: String(step), placeholder});
}

/** A <select> from [value, text] pairs. */
export function select(id, options, {value = null} = {}) {
  const el = h("select", {id, name: id}, options.map(([v, text, disabled]) => h("option", {value: v, disabled: Boolean(disabled), text})));
  if (value !== null) {
    el.value = value;
    for (const option of el.options) option.defaultSelected = option.value === value;
  }
  return el;
}

/** A fieldset of checkboxes, one per [value, text]. */
export function checkboxes(idPrefix, legend, options, {hint = null} = {}) {
  return h("fieldset", {class: ["choices", options.length > 12 && "is-many"]}, h("legend", {text: legend}), hint ? h("p", {class: "field-hint", text: hint}) : null,
    h("div", {class: "choices-grid"}, options.map(([value, text]) => h("label", {class: "choice"},
      h("input", {type: "checkbox", id: `${idPrefix}-${value}`, name: idPrefix, value}), h("span", {text})))));
}

/** A fieldset of radio buttons, one per [value, text]. */
export function radios(idPrefix, legend, options, {value = null, onChange = null, className = ""} = {}) {
  return h("fieldset", {class: ["choices", className]}, h("legend", {text: legend}),
    h("div", {class: "choices-grid"}, options.map(([v, text]) => h("label", {class: "choice"},
      h("input", {type: "radio", id: `${idPrefix}-${v}`, name: idPrefix, value: v, checked: v === value,
        on: onChange ? {change: (e) => { if (e.target.checked) onChange(e); }} : undefined}),
      h("span", {text})))));
}

export function checkedValues(root, name) {
  return [...root.querySelectorAll(`input[name="${CSS.escape(name)}"]:checked`)].map((el) => el.value);
}

export function submit(key, text, {variant = "primary"} = {}) {
  return h("button", {type: "submit", class: ["btn", variant && `btn-${variant}`], dataset: {control: key}}, text);
}

/** A random whole number for commands drawn by lot (the server keeps the seed in the log). */
export function seed() {
  return Math.floor(Math.random() * 2 ** 31);
}

/** A section of a console: a card with a heading and a body that panels re-render. */
export function section(id, title, {className = "", level = "h2", intro = null} = {}) {
  const body = h("div", {class: "panel-body"});
  const el = h("section", {class: ["card", "panel", className], id: `panel-${id}`, "aria-labelledby": `panel-${id}-title`},
    h(level, {class: "panel-title", id: `panel-${id}-title`, text: title}),
    intro ? h("p", {class: "panel-intro", text: intro}) : null, body);
  return {el, body};
}
