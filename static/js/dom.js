// Building DOM nodes without HTML strings: every piece of server or user text becomes a text
// node, so nothing a delegation types can ever be read as markup.

const PROPS = new Set(["value", "checked", "disabled", "type", "id", "htmlFor", "name", "selected",
  "placeholder", "rows", "min", "max", "step", "maxLength", "required", "open", "title", "tabIndex", "href"]);

/** An element: h("button", {class: "primary", on: {click}}, "Vote"). */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  return build(el, props, children);
}

/** An SVG element, same arguments as h(). */
export function s(tag, props = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  return build(el, props, children);
}

function build(el, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "text") el.textContent = String(value);
    else if (key === "on") for (const [type, fn] of Object.entries(value)) el.addEventListener(type, fn);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "checked") el.defaultChecked = el.checked = Boolean(value);
    else if (key === "value" && el instanceof HTMLInputElement) el.defaultValue = el.value = String(value);
    else if (PROPS.has(key) && !(el instanceof SVGElement)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Append children: nodes, strings (as text), arrays; null and false are skipped. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

/** Text only screen readers hear, e.g. "deleted:" before struck-out words. */
export function srOnly(text) {
  return h("span", {class: "visually-hidden", text});
}
