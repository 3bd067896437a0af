// Signing the Final Acts from a delegation's seat: sign, sign with a reservation or a
// declaration (its text kept), or do not sign.

import {h} from "../dom.js";
import {field, form, radios, submit, textArea, checkedValues} from "../controls.js";
import * as label from "../labels.js";
import {splitPanel} from "../render/split.js";

export function key({state}) {
  return JSON.stringify([state.signing, state.signatures[state.you.delegation], state.split, state.final_acts]);
}

export function render(ctx) {
  const {state} = ctx;
  const mine = state.signatures[state.you.delegation];
  return [
    h("p", {class: "final-acts"}, "The Final Acts: ", state.final_acts.map((id) => label.item(state, id)).join("; ")),
    mine ? h("div", {class: "recorded"},
      h("p", {class: "recorded"}, h("strong", {text: "Your answer: "}), label.SIGNATURES[mine.kind] || mine.kind),
      mine.text ? h("blockquote", {class: "signature-text", text: mine.text}) : null)
      : state.signing === "open" ? signForm(ctx) : null,
    splitPanel(state),
  ];
}

function signForm(ctx) {
  const text = field("Text of the reservation or declaration", textArea("sign-text", {rows: 4}), {className: "sign-text"});
  text.hidden = true;
  const kinds = radios("sign-kind", "Your delegation's answer", [
    ["signed", "Sign"], ["reservation", "Sign with a reservation"], ["declaration", "Sign with a declaration"], ["declined", "Do not sign"],
  ], {value: "signed", onChange: (e) => { text.hidden = !["reservation", "declaration"].includes(e.target.value); }});
  return form("sign", (f) => {
    const kind = checkedValues(f, "sign-kind")[0] || "signed";
    const command = {type: "SignFinalActs", kind};
    if (kind === "reservation" || kind === "declaration") command.text = f.elements["sign-text"].value;
    ctx.act("sign", command, {form: f, success: `Your answer is recorded: ${label.SIGNATURES[kind]}.`});
  }, [kinds, text, h("div", {class: "actions"}, submit("sign-go", "Give our answer"))]);
}
