// News and instructions: the scenario's injects, an inject written on the spot, and the
// chair's messages (a public statement, or private instructions to chosen delegations).

import {h} from "../dom.js";
import {button, checkboxes, checkedValues, field, form, radios, submit, textArea, textInput} from "../controls.js";
import * as label from "../labels.js";

export function key({state}) {
  return JSON.stringify([state.injects, state.delegations.length]);
}

export function render(ctx) {
  return [injectList(ctx), adHoc(ctx), instructions(ctx)];
}

function injectList(ctx) {
  const {state, act} = ctx;
  if (!state.injects.length) return h("p", {class: "muted", text: "This scenario has no scripted news."});
  return h("ul", {class: "injects"}, state.injects.map((i) => h("li", {class: ["inject", i.fired && "is-fired"]},
    h("div", {},
      h("p", {class: "inject-title", text: i.title}),
      h("p", {class: "muted small", text: i.to.length ? `To ${label.delegationList(state, i.to)} only` : "To everyone"})),
    i.fired ? h("span", {class: "tag tag-done", text: "Released"})
      : button(`inject-${i.id}`, "Release", () => act(`inject-${i.id}`, {type: "FireInject", inject: i.id}, {success: `Released: ${i.title}.`}), {variant: "small"}))));
}

function adHoc(ctx) {
  const {state} = ctx;
  return h("details", {class: "compose", id: "adhoc-box"},
    h("summary", {text: "Write news on the spot"}),
    form("adhoc", (f) => ctx.act("adhoc", {
      type: "FireInject",
      title: f.elements["adhoc-title"].value,
      text: f.elements["adhoc-text"].value,
      to: checkedValues(f, "adhoc-to"),
    }, {form: f, success: "News released."}), [
      field("Headline", textInput("adhoc-title", {maxLength: 200})),
      field("Text", textArea("adhoc-text", {rows: 4})),
      checkboxes("adhoc-to", "To", state.delegations.map((d) => [d.id, d.name]), {hint: "Tick none to send it to everyone."}),
      h("div", {class: "actions"}, submit("adhoc-go", "Release the news")),
    ]));
}

function instructions(ctx) {
  const {state} = ctx;
  const recipients = checkboxes("msg-to", "To", state.delegations.map((d) => [d.id, d.name]));
  const audience = radios("msg-audience", "Send as", [["delegations", "Private instructions to chosen delegations"], ["public", "A public statement from the chair"]],
    {value: "delegations", onChange: (event) => { recipients.hidden = event.target.value !== "delegations"; }});
  return h("details", {class: "compose", id: "instructions-box"},
    h("summary", {text: "Send instructions or a statement"}),
    form("chair-msg", (f) => {
      const kind = checkedValues(f, "msg-audience")[0] || "delegations";
      const command = {type: "SendMessage", audience: kind, text: f.elements["msg-text"].value};
      if (kind === "delegations") command.to = checkedValues(f, "msg-to");
      ctx.act("chair-msg", command, {form: f, success: "Message sent."});
    }, [audience, recipients, field("Message", textArea("msg-text", {rows: 4})), h("div", {class: "actions"}, submit("chair-msg-go", "Send"))]));
}
