// The server's clock, as best the browser can tell, and countdowns to server deadlines
// (a speaker's `floor.until`, a decision's `deadline`: epoch seconds on the server).

import {h} from "./dom.js";

let offset = 0;          // server seconds minus local seconds
let sampled = false;

/** Learn the offset from live events: each is stamped with the server's time. */
export function observe(events) {
  const now = Date.now() / 1000;
  for (const item of events) {
    if (typeof item.at !== "number") continue;
    const sample = item.at - now;          // at most the true offset (the event is older)
    offset = sampled ? Math.max(offset, sample) : sample;
    sampled = true;
  }
}

export function serverNow() {
  return Date.now() / 1000 + offset;
}

export function remaining(until) {
  return Math.max(0, until - serverNow());
}

export function formatSeconds(seconds) {
  const whole = Math.ceil(seconds);
  const m = Math.floor(whole / 60);
  const sec = String(whole % 60).padStart(2, "0");
  return `${m}:${sec}`;
}

/** A countdown element that keeps itself up to date (see tick below). */
export function countdown(until, {label = "remaining", className = ""} = {}) {
  const el = h("span", {class: ["countdown", className], role: "timer", dataset: {until: String(until), label}});
  update(el);
  return el;
}

function update(el) {
  const left = remaining(Number(el.dataset.until));
  el.textContent = formatSeconds(left);
  el.classList.toggle("is-low", left > 0 && left <= 15);
  el.classList.toggle("is-over", left <= 0);
  el.setAttribute("aria-label", left > 0 ? `${formatSeconds(left)} ${el.dataset.label}` : "time is up");
}

setInterval(() => {
  for (const el of document.querySelectorAll(".countdown[data-until]")) update(el);
}, 250);
