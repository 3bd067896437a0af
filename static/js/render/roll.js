// The roll of a named vote: each delegation in the order the roll is called, and its ballot
// once cast (show of hands and roll-call; a secret ballot's choices are never shown).

import {h} from "../dom.js";
import * as label from "../labels.js";

export function rollTable(state, decision, {caption = "The roll"} = {}) {
  return h("table", {class: "roll"},
    h("caption", {text: `${caption}, in the order it is called`}),
    h("thead", {}, h("tr", {}, h("th", {scope: "col", text: "Delegation"}), h("th", {scope: "col", text: "Ballot"}))),
    h("tbody", {}, decision.order.map((id) => {
      const choice = decision.ballots[id];
      return h("tr", {class: choice ? `ballot-${choice}` : "ballot-pending"},
        h("th", {scope: "row", text: label.delegation(state, id)}),
        h("td", {}, choice ? h("span", {class: `tag tag-${choice}`, text: label.CHOICES[choice]}) : h("span", {class: "muted", text: "—"})));
    })));
}
