// Each agenda item's text at every change: its reading, the word diff from the version
// before (insertions and deletions marked in words for screen readers and in type, not only
// in colour), the brackets opened and closed, and who proposed each amendment.

import {h, srOnly} from "../dom.js";
import * as label from "../labels.js";
import {wordDiff} from "../render/amendment.js";
import {STATUS} from "../render/amendment.js";
import {picture, when} from "./names.js";

const CAUSES = {start: "The scenario's text", reading: "Reading", amendment: "Amendment taken in", decision: "Decision"};

export function textsSection(report) {
  const state = picture(report);
  return h("section", {id: "texts", class: "card replay-section", "aria-labelledby": "texts-title"},
    h("h2", {id: "texts-title", text: "How the texts changed"}),
    report.texts.map((item) => h("article", {class: "text-history"},
      h("h3", {}, item.title, " ", h("span", {class: `status status-${item.status}`, text: label.capitalise(item.status)})),
      h("ol", {class: "versions"}, item.versions.map((v, i) => version(state, v, i))),
      item.amendments.length ? h("details", {class: "amendment-record"},
        h("summary", {text: `Amendments proposed (${item.amendments.length})`}),
        h("ul", {}, item.amendments.map((a) => h("li", {},
          h("strong", {text: a.id}), ` ${a.bracket ? `to bracket ${a.bracket}` : "to the whole text"}, by ${label.delegationList(state, a.sponsors.slice(0, 1))}`,
          a.sponsors.length > 1 ? `, co-sponsored by ${label.delegationList(state, a.sponsors.slice(1))}` : "",
          ": “", a.text || "(delete)", "” ", h("span", {class: `status status-${a.status}`, text: STATUS[a.status] || a.status}))))) : null)));
}

function version(state, v, i) {
  const head = i === 0 ? CAUSES.start : `${CAUSES[v.cause] || v.cause}${v.amendment ? ` ${v.amendment}` : ""} · event ${v.seq} · ${when(v.at)}`;
  return h("li", {class: `version version-${v.cause}`},
    h("p", {class: "version-head"}, h("strong", {text: head}),
      v.reading ? ` · reading ${v.reading}` : "", v.status !== "open" ? ` · ${v.status}` : "",
      v.by.length ? ` · proposed by ${label.delegationList(state, v.by.slice(0, 1))}${v.by.length > 1 ? `, with ${label.delegationList(state, v.by.slice(1))}` : ""}` : ""),
    v.diff.length ? wordDiff(v.diff) : i === 0 ? h("p", {class: "treaty-text", text: v.text}) : null,
    v.opened.length && i > 0 ? h("p", {class: "brackets-opened"}, srOnly("Brackets opened: "), h("span", {"aria-hidden": "true", text: "Opened: "}), v.opened.join(" · ")) : null,
    v.closed.length ? h("p", {class: "brackets-closed"}, h("span", {text: "Brackets closed: "}), v.closed.join(" · ")) : null,
    i === 0 && v.opened.length ? h("p", {class: "brackets-opened"}, `${v.opened.length} bracket${v.opened.length === 1 ? "" : "s"} open at the start`) : null);
}
