// Proposing an amendment: to one bracket (choose one of its alternatives, delete it, or
// write other agreed wording) or to the item's whole text (which may open new brackets).

import {h} from "../dom.js";
import {checkedValues, field, form, radios, submit, textArea, textInput} from "../controls.js";
import {bracketsOf} from "../render/treaty.js";

export function proposeForm(ctx, item) {
  const brackets = bracketsOf(item);
  const base = `propose-${item.id}`;
  const targets = [
    ...brackets.map((b) => [b.bracket, `Bracket ${b.bracket}: [${b.options.map((o) => o || "(delete)").join(" / ")}]`]),
    ["whole", "The whole text"],
  ];
  const panes = new Map();
  for (const b of brackets) panes.set(b.bracket, bracketPane(base, b));
  panes.set("whole", wholePane(base, item));
  const show = (value) => { for (const [k, pane] of panes) pane.hidden = k !== value; };
  const first = targets[0][0];
  show(first);
  return form(base, (f) => {
    const target = checkedValues(f, `${base}-target`)[0] || first;
    const bracket = brackets.find((b) => b.bracket === target);
    const command = {type: "ProposeAmendment", item: item.id, text: textFor(f, base, target, bracket)};
    if (target !== "whole") command.bracket = target;
    ctx.act(base, command, {form: f, success: "Your amendment is proposed."});
  }, [
    radios(`${base}-target`, "What does it change?", targets, {value: first, onChange: (e) => show(e.target.value), className: "targets"}),
    [...panes.values()],
    h("div", {class: "actions"}, submit(`${base}-go`, "Propose")),
  ]);
}

function bracketPane(base, b) {
  const id = `${base}-${b.bracket}`;
  const choices = b.options.length === 1 ? [[0, `Keep: ${b.options[0]}`], ["delete", "Delete the passage"]] : b.options.map((o, i) => [i, o || "(delete the passage)"]);
  return h("div", {class: "pane"},
    radios(`${id}-choice`, `Settle bracket ${b.bracket} as`, [...choices.map(([v, t]) => [String(v), t]), ["other", "Other wording"]], {value: "0", className: "options"}),
    field("Other wording (agreed text, no square brackets)", textInput(`${id}-other`, {maxLength: 4000})));
}

function wholePane(base, item) {
  return h("div", {class: "pane"},
    field("New text", textArea(`${base}-whole-text`, {value: item.text, rows: 6}),
      {hint: "Put text not yet agreed in [square brackets], with | between alternatives: [option one | option two]."}));
}

function textFor(f, base, target, bracket) {
  if (!bracket) return f.elements[`${base}-whole-text`].value;
  const id = `${base}-${target}`;
  const choice = checkedValues(f, `${id}-choice`)[0] || "0";
  if (choice === "other") return f.elements[`${id}-other`].value;
  if (choice === "delete") return "";
  return bracket.options[Number(choice)] || "";
}
