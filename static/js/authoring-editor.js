// The scenario editor's text area, dressed: line numbers in a gutter, the lines with problems
// tinted, and each problem's words in a margin beside its line. The textarea does not wrap,
// so every line of the file is one line on screen and a line's place is (line - 1) × height.
// Gutter, tints and margin are pictures for the eye (aria-hidden); the list of problems
// under the editor is what a screen reader reads, and it moves the caret to the line.

import {h, replace} from "./dom.js";

const KINDS = {problem: {icon: "✕", word: "Problem"}, warning: {icon: "!", word: "Warning"}};

/** Dress `root` (.editor) around its textarea: { goTo(line), mark(problems, warnings), refresh() }. */
export function editor(root, area) {
  const gutter = root.querySelector(".gutter-lines");
  const bands = root.querySelector(".bands-lines");
  const margin = root.querySelector(".margin-notes");
  let marks = new Map(); // line -> "problem" | "warning" (a problem wins)
  let findings = [];
  let queued = false;

  function metrics() {
    const style = getComputedStyle(area);
    return {line: parseFloat(style.lineHeight) || 20, top: parseFloat(style.paddingTop) || 0};
  }

  function lineCount() {
    let count = 1;
    for (let i = area.value.indexOf("\n"); i >= 0; i = area.value.indexOf("\n", i + 1)) count += 1;
    return count;
  }

  // Only the numbers in view are drawn: a 5,000-line file stays light.
  function drawGutter() {
    const {line, top} = metrics();
    const first = Math.max(1, Math.floor((area.scrollTop - top) / line) + 1);
    const last = Math.min(lineCount(), first + Math.ceil(area.clientHeight / line) + 1);
    const numbers = [];
    for (let n = first; n <= last; n += 1) {
      const kind = marks.get(n);
      numbers.push(placed(h("span", {class: ["line-number", kind && `has-${kind}`]},
        kind ? h("span", {class: "line-mark", text: KINDS[kind].icon}) : null, String(n)), top + (n - 1) * line));
    }
    replace(gutter, numbers);
    for (const layer of [gutter, bands, margin]) layer.style.transform = `translateY(${-area.scrollTop}px)`;
  }

  function drawMarks() {
    const {line, top} = metrics();
    replace(bands, [...marks].map(([n, kind]) => placed(h("span", {class: `band is-${kind}`}), top + (n - 1) * line, line)));
    const notes = findings.map((f) => h("button", {
      type: "button", tabIndex: -1, class: `margin-note is-${f.kind}`, dataset: {line: f.line},
      on: {click: () => goTo(f.line)},
    }, h("span", {class: "note-icon", text: KINDS[f.kind].icon}), h("span", {class: "note-field", text: f.field}), " ", f.message));
    replace(margin, notes);
    // Each note sits level with its line, or just under the note above when lines are close.
    let floor = 0;
    for (const note of notes) {
      const wanted = top + (Number(note.dataset.line) - 1) * line;
      const at = Math.max(wanted, floor);
      note.style.top = `${at}px`;
      floor = at + note.offsetHeight + 3;
    }
  }

  function refresh() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      drawGutter();
    });
  }

  /** Show problems and warnings ({line, field, message}) beside their lines. */
  function mark(problems, warnings) {
    findings = [...problems.map((p) => ({...p, kind: "problem"})), ...warnings.map((w) => ({...w, kind: "warning"}))]
      .sort((a, b) => a.line - b.line || (a.kind === "problem" ? -1 : 1));
    marks = new Map();
    for (const f of findings) if (marks.get(f.line) !== "problem") marks.set(f.line, f.kind);
    drawMarks();
    drawGutter();
  }

  /** Put the caret at the start of a line and bring it into view, a third of the way down. */
  function goTo(lineNumber) {
    const lines = area.value.split("\n");
    const n = Math.min(Math.max(1, lineNumber), lines.length);
    let offset = 0;
    for (let i = 0; i < n - 1; i += 1) offset += lines[i].length + 1;
    const end = offset + lines[n - 1].length;
    area.focus({preventScroll: true});
    area.setSelectionRange(offset, end);
    const {line, top} = metrics();
    area.scrollTop = Math.max(0, top + (n - 1) * line - area.clientHeight / 3);
    area.scrollLeft = 0;
    drawGutter();
  }

  area.addEventListener("scroll", refresh);
  area.addEventListener("input", refresh);
  new ResizeObserver(() => { drawMarks(); drawGutter(); }).observe(area);
  drawGutter();
  return {goTo, mark, refresh};
}

// Positions go through the CSSOM: the Content-Security-Policy refuses style attributes.
function placed(el, top, height = null) {
  el.style.top = `${top}px`;
  if (height !== null) el.style.height = `${height}px`;
  return el;
}

export {KINDS};
