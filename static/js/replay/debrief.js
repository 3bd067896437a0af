// Each delegation's objectives from its brief, met or missed, with a score for grading; and
// the class's outcome beside the scenario's historical record.

import {h} from "../dom.js";

export function objectivesSection(report) {
  const rows = report.objectives;
  return h("section", {id: "objectives", class: "card replay-section", "aria-labelledby": "objectives-title"},
    h("h2", {id: "objectives-title", text: "Objectives"}),
    rows.length ? h("table", {class: "objectives-table"},
      h("caption", {class: "visually-hidden", text: "Each delegation's objectives, met or missed, and its score"}),
      h("thead", {}, h("tr", {}, ["Delegation", "Objective", "Result", "Points"].map((t) => h("th", {scope: "col", text: t})))),
      rows.map((o) => h("tbody", {class: "objective-group"},
        o.objectives.map((x, i) => h("tr", {},
          i === 0 ? h("th", {scope: "rowgroup", rowspan: String(o.objectives.length)}, h("span", {text: o.name}),
            h("span", {class: "score", text: `${o.earned} of ${o.available} points`})) : null,
          h("td", {}, h("span", {text: x.text}), h("span", {class: "why", text: x.why})),
          h("td", {}, h("span", {class: `tag ${x.met ? "tag-met" : "tag-missed"}`, text: x.met ? "Met" : "Missed"})),
          h("td", {class: "num", text: x.met ? `${x.points} / ${x.points}` : `0 / ${x.points}`}))))))
      : h("p", {class: "muted", text: "Briefs are private: each delegation's objectives are shown to its own students and to the instructor."}));
}

export function historySection(report) {
  return h("section", {id: "history", class: "card replay-section", "aria-labelledby": "history-title"},
    h("h2", {id: "history-title", text: "Beside history"}),
    report.history.length ? h("dl", {class: "history"}, report.history.map((row) => h("div", {class: "history-row"},
      h("dt", {text: row.topic.replace(/-/g, " ")}),
      h("dd", {class: "history-then"}, h("p", {class: "eyebrow", text: "History"}), h("p", {text: row.history})),
      h("dd", {class: "history-now"}, h("p", {class: "eyebrow", text: "This class"}), h("p", {text: row.class || "—"})))))
      : h("p", {class: "muted", text: "This scenario has no historical record to compare with."}));
}
