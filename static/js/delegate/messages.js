// Messages from a delegation's seat: a public statement, your bloc's channel, or a private
// note to chosen delegations; and the messages you may read.

import {h} from "../dom.js";
import {checkboxes, checkedValues, field, form, radios, submit, textArea} from "../controls.js";
import * as label from "../labels.js";
import {feedList} from "../render/feed.js";

export const compose = {
  key: ({state}) => JSON.stringify([state.you.delegation, state.phase, state.delegations.length]),
  render(ctx) {
    const {state} = ctx;
    if (!label.phaseAllows(state, "messages")) return h("p", {class: "note", text: `Messages are closed during ${label.phase(state)}.`});
    const me = state.delegations.find((d) => d.id === state.you.delegation);
    const recipients = checkboxes("to", "To", state.delegations.filter((d) => d.id !== state.you.delegation).map((d) => [d.id, d.name]));
    recipients.hidden = true;
    const audiences = [["public", "Public statement"]];
    if (me && me.bloc) audiences.push(["bloc", `${label.bloc(state, me.bloc)} (bloc channel)`]);
    audiences.push(["delegations", "Private, to chosen delegations"]);
    return form("message", (f) => {
      const audience = checkedValues(f, "audience")[0] || "public";
      const command = {type: "SendMessage", audience, text: f.elements["message-text"].value};
      if (audience === "delegations") command.to = checkedValues(f, "to");
      ctx.act("message", command, {form: f, success: "Message sent."});
    }, [
      radios("audience", "Send to", audiences, {value: "public", onChange: (e) => { recipients.hidden = e.target.value !== "delegations"; }}),
      recipients,
      field("Message", textArea("message-text", {rows: 3})),
      h("div", {class: "actions"}, submit("message-go", "Send")),
    ]);
  },
};

export const inbox = {
  key: ({events}) => `${events.length}:${events.length && events[events.length - 1].seq}`,
  render: ({state, events}) => feedList(state, events, {kinds: ["message"], limit: 50, empty: "No messages yet."}),
};

export const notices = {
  key: ({events}) => `${events.length}:${events.length && events[events.length - 1].seq}`,
  render: ({state, events}) => feedList(state, events, {kinds: ["inject", "outcome"], limit: 12, empty: "No news yet."}),
};
