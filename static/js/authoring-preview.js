// The scenario as the class will meet it: the delegations with their bloc and credentials,
// the blocs on a world map, the agenda with its square brackets, and each delegation's
// brief. It lays out what the server's preview says (game/web/authoring_preview.py).

import {h, replace} from "./dom.js";
import {bracket} from "./render/treaty.js";
import {worldMap} from "./render/worldmap.js";

const BLOC_COLOURS = 7; // .cat-bloc0 ... .cat-bloc6 in authoring.css (Okabe-Ito)

/** A preview component in `root`: { update(preview) }. */
export function preview(root) {
  const map = worldMap({names: true});
  const parts = {
    summary: h("div", {class: "preview-summary"}),
    delegations: h("div", {class: "table-wrap"}),
    unmapped: h("p", {class: "muted small"}),
    agenda: h("ol", {class: "preview-agenda"}),
    briefs: h("div", {class: "preview-briefs"}),
  };
  replace(root,
    parts.summary,
    h("nav", {class: "preview-nav", "aria-label": "Parts of the preview"},
      ["Delegations", "Map", "Agenda", "Briefs"].map((name) => h("a", {href: `#preview-${name.toLowerCase()}`, text: name}))),
    section("delegations", "Delegations", parts.delegations),
    section("map", "Blocs on the map", map.el, parts.unmapped),
    section("agenda", "Agenda", parts.agenda),
    section("briefs", "Briefs", h("p", {class: "muted small", text: "Each delegation reads its own brief; the private instructions and red lines only it and the chair see."}), parts.briefs));

  function update(p) {
    replace(parts.summary, h("p", {class: "preview-title", text: p.title}),
      p.description ? h("p", {class: "muted", text: p.description}) : null,
      h("p", {class: "small", text: counts(p)}));
    replace(parts.delegations, delegationTable(p));
    map.update(blocColouring(p));
    const unmapped = p.delegations.filter((d) => !d.m49);
    parts.unmapped.textContent = unmapped.length ? `Not on the map (no m49 code): ${unmapped.map((d) => d.name).join(", ")}.` : "";
    replace(parts.agenda, p.agenda.map(agendaItem));
    replace(parts.briefs, p.briefs.map(brief));
  }
  return {update};
}

function section(key, title, ...children) {
  return h("section", {class: "preview-section", id: `preview-${key}`, "aria-labelledby": `preview-${key}-heading`},
    h("h3", {id: `preview-${key}-heading`, text: title}), ...children);
}

function counts(p) {
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  return [plural(p.delegations.length, "delegation", "delegations"), plural(p.blocs.length, "bloc", "blocs"),
    plural(p.agenda.length, "agenda item", "agenda items"), plural(p.phases.length, "phase", "phases")].join(" · ")
    + `. Phases: ${p.phases.map((x) => x.name).join(", ")}.`;
}

function blocKey(p, blocId) {
  const i = p.blocs.findIndex((b) => b.id === blocId);
  return i < 0 ? "nobloc" : `bloc${i % BLOC_COLOURS}`;
}

function delegationTable(p) {
  const weighted = p.delegations.some((d) => d.weight !== 1);
  return h("table", {class: "preview-table"},
    h("caption", {class: "visually-hidden", text: "Delegations"}),
    h("thead", {}, h("tr", {}, ["Delegation", "Id", "Bloc", "Credentials", "Kind", "M49", weighted ? "Weight" : null]
      .filter(Boolean).map((t) => h("th", {scope: "col", text: t})))),
    h("tbody", {}, p.delegations.map((d) => h("tr", {},
      h("th", {scope: "row", text: d.name}),
      h("td", {}, h("code", {text: d.id})),
      h("td", {}, d.bloc ? h("span", {class: "bloc-cell"},
        h("span", {class: `swatch cat-${blocKey(p, d.bloc)}`, "aria-hidden": "true"}), d.bloc_name, d.leads ? " (lead)" : "") : h("span", {class: "muted", text: "none"})),
      h("td", {text: d.credentials}),
      h("td", {text: d.kind}),
      h("td", {text: d.m49 || "—"}),
      weighted ? h("td", {class: "num", text: String(d.weight)}) : null))));
}

function blocColouring(p) {
  const byId = new Map(p.delegations.map((d) => [d.id, d]));
  const rows = p.blocs.map((b) => ({key: blocKey(p, b.id), label: b.lead ? `${b.name} (led by ${b.lead})` : b.name,
    delegations: b.members.map((id) => byId.get(id)).filter(Boolean)}));
  const none = p.delegations.filter((d) => !d.bloc);
  if (none.length) rows.push({key: "nobloc", label: "No bloc", delegations: none});
  const byM49 = new Map();
  for (const d of p.delegations) if (d.m49) byM49.set(String(d.m49).padStart(3, "0"), {key: blocKey(p, d.bloc), name: d.name});
  return {title: "Blocs", rows, byM49};
}

function agendaItem(item) {
  const text = h("p", {class: "treaty-text"});
  for (const segment of item.segments) text.append(typeof segment === "string" ? segment : bracket(segment));
  const brackets = item.segments.filter((s) => typeof s !== "string");
  return h("li", {class: "preview-item"},
    h("p", {class: "item-kind", text: item.kind}),
    h("h4", {class: "item-title", text: item.title}),
    h("p", {class: "muted small", text: `Decided under: ${item.rule}${item.citation ? ` (${item.citation})` : ""}. `
      + (brackets.length ? `${brackets.length} bracketed passage${brackets.length === 1 ? "" : "s"}: the alternatives are separated by a slash.` : "No brackets: the text is agreed.")}),
    text);
}

function brief(b) {
  const parts = [
    b.public_position && ["Public position", h("p", {text: b.public_position})],
    b.private_instructions && ["Private instructions", h("p", {text: b.private_instructions})],
    b.red_lines.length && ["Red lines", h("ul", {}, b.red_lines.map((line) => h("li", {text: line})))],
    b.objectives.length && ["Objectives", h("ul", {}, b.objectives.map((o) => h("li", {},
      o.text, h("span", {class: "muted small", text: ` (${o.points} point${o.points === 1 ? "" : "s"}: ${o.scored})`}))))],
  ].filter(Boolean);
  const said = parts.length ? parts.map(([title]) => title.toLowerCase()).join(", ") : "no brief yet";
  return h("details", {class: "preview-brief"},
    h("summary", {}, h("strong", {text: b.name}), h("span", {class: "muted small", text: ` — ${said}`})),
    parts.map(([title, body]) => h("div", {class: "brief-part"}, h("h5", {text: title}), body)));
}
