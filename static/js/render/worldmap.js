// A world map of the delegations (world-atlas countries-110m: features keyed by M49 code),
// coloured by category, with a legend in words and the names under each category.

import {h, s, replace} from "../dom.js";

const WIDTH = 960;
const HEIGHT = 470;
let atlas = null;

function loadAtlas() {
  if (!atlas) {
    atlas = fetch("/static/vendor/countries-110m.json")
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`map data: HTTP ${r.status}`))))
      .then((world) => topojson.feature(world, world.objects.countries).features.filter((f) => f.id !== "010"));
  }
  return atlas;
}

/** A map component: { el, update(colouring) }. */
export function worldMap({big = false, names = true} = {}) {
  const svg = s("svg", {class: "world-map-svg", viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img"});
  const title = s("title");
  svg.append(title);
  const legend = h("div", {class: "map-legend"});
  const el = h("figure", {class: ["world-map", big && "is-big"]}, h("div", {class: "map-frame"}, svg), legend);
  const paths = new Map();
  let pending = null;
  let ready = false;

  loadAtlas().then((features) => {
    const projection = d3.geoEqualEarth().fitExtent([[4, 4], [WIDTH - 4, HEIGHT - 4]], {type: "FeatureCollection", features});
    const path = d3.geoPath(projection);
    const group = s("g", {class: "countries"});
    for (const f of features) {
      const p = s("path", {class: "country", d: path(f)});
      p.append(s("title", {}, f.properties.name));
      paths.set(String(f.id), {p, name: f.properties.name});
      group.append(p);
    }
    svg.append(group);
    ready = true;
    if (pending) update(pending);
  }).catch(() => legend.prepend(h("p", {class: "muted", text: "The map could not be loaded; the lists below say who is where."})));

  function update(colouring) {
    pending = colouring;
    title.textContent = colouring ? `World map: ${colouring.title}` : "World map";
    replace(legend, colouring ? legendFor(colouring, names) : []);
    if (!ready) return;
    for (const [id, {p, name}] of paths) {
      const hit = colouring && colouring.byM49.get(id);
      p.setAttribute("class", hit ? `country is-delegation cat-${hit.key}` : "country");
      p.firstChild.textContent = hit ? `${hit.name}: ${categoryLabel(colouring, hit.key)}` : name;
    }
  }
  return {el, update};
}

function categoryLabel(colouring, key) {
  const row = colouring.rows.find((r) => r.key === key);
  return row ? row.label : key;
}

function legendFor(colouring, names) {
  return h("ul", {class: "legend"}, colouring.rows.map((row) => h("li", {class: "legend-row"},
    h("span", {class: `swatch cat-${row.key}`, "aria-hidden": "true"}),
    h("span", {class: "legend-label"}, h("strong", {text: row.label}), ` ${row.delegations.length}`),
    names && row.delegations.length ? h("span", {class: "legend-names", text: row.delegations.map((d) => d.name).join(", ")}) : null)));
}
