// The page's pictures: a map of incidents and control claims (Leaflet over the packaged Natural
// Earth basemap, no tile server) and who held the place over time (Chart.js floating bars).
// Both draw the JSON of /pictures/map.json and /pictures/control.json, which are also offered
// for download. Values from the server go into the page as text, never as HTML.
"use strict";

(() => {
  const byId = (id) => document.getElementById(id);
  const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
    "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
  const DAY = 86400000;
  let map = null;
  let basemapLayer = null;
  let pointsLayer = null;
  let controlChart = null;
  let lastMap = null;

  function node(tag, text, attrs) {
    const n = document.createElement(tag);
    if (text !== undefined && text !== null) n.textContent = String(text);
    for (const [k, v] of Object.entries(attrs || {})) n.setAttribute(k, v);
    return n;
  }

  function colourOf(names) {
    const out = {};
    names.forEach((n, i) => { out[n] = PALETTE[i % PALETTE.length]; });
    return out;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      const text = (await response.text()).trim().replace(/^Error:\s*/, "");
      throw new Error(`${response.status} ${response.statusText}: ${text}`);
    }
    return response.json();
  }

  function params() {
    const p = new URLSearchParams({ place: byId("pic-place").value.trim() });
    const from = byId("pic-from").value.trim();
    const to = byId("pic-to").value.trim();
    if (from) p.set("from", from);
    if (to) p.set("to", to);
    return p;
  }

  // ---- map ------------------------------------------------------------------------------------
  function ensureMap() {
    if (map) return;
    map = L.map("map", { zoomSnap: 0.25, worldCopyJump: false });
    map.attributionControl.addAttribution("Boundaries: Natural Earth");
    map.setView([20, 0], 2);
  }

  async function drawBasemap(bbox) {
    const [w, s, e, n] = bbox;
    const shapes = await getJSON(`/pictures/basemap.json?bbox=${[w - 2, s - 2, e + 2, n + 2].join(",")}`);
    if (basemapLayer) basemapLayer.remove();
    basemapLayer = L.geoJSON(shapes, {
      interactive: false,
      style: (f) => f.properties.level === 0
        ? { color: "#555", weight: 1.2, fillColor: "#f4f1ea", fillOpacity: 1, className: "kb-country" }
        : { color: "#999", weight: 0.7, dashArray: "4 3", fill: false, className: "kb-area" },
    }).addTo(map);
    basemapLayer.bringToBack();
  }

  function popup(p) {
    const box = node("div", null, { class: "kb-popup" });
    const what = p.kind === "incident"
      ? `${p.types.join(", ")} in ${p.place || "?"}, ${p.date}` + (p.deaths ? `: ${p.deaths} killed` : "")
      : `${p.controller} ${p.change === "holds" ? "holds" : p.change === "gained" ? "took" : "lost"} ` +
        `${p.extent && p.extent !== "all of" ? p.extent + " " : ""}${p.place}` + (p.date ? `, ${p.date}` : "");
    box.append(node("strong", what));
    box.append(node("blockquote", p.sentence));
    const cite = node("cite");
    const src = [p.source, p.published].filter(Boolean).join(", ");
    if (p.url && /^https?:\/\//i.test(p.url)) {
      cite.append(node("a", p.title || p.url, { href: p.url, rel: "noopener noreferrer", target: "_blank" }));
      if (src) cite.append(document.createTextNode(` (${src})`));
    } else {
      cite.textContent = [p.title, src].filter(Boolean).join(" · ");
    }
    box.append(cite);
    if (p.located !== "place") box.append(node("p", "placed at the larger area it lies in", { class: "meta" }));
    return box;
  }

  function drawPoints() {
    if (!lastMap) return;
    if (pointsLayer) pointsLayer.remove();
    pointsLayer = L.layerGroup().addTo(map);
    const types = lastMap.types;
    const colour = colourOf(types);
    const controllers = [...new Set(lastMap.points.filter((p) => p.kind === "control").map((p) => p.controller))].sort();
    const held = colourOf(controllers.slice().reverse());
    const wanted = new Set([...document.querySelectorAll("#pic-types input:checked")].map((i) => i.value));
    let shown = 0;
    for (const p of lastMap.points) {
      if (!wanted.has(p.kind === "incident" ? p.type : "control")) continue;
      const c = p.kind === "incident" ? colour[p.type] : held[p.controller];
      const hollow = p.located !== "place";
      const marker = L.circleMarker([p.lat, p.lon], {
        radius: p.kind === "incident" ? 5 + 1.5 * Math.sqrt(p.deaths || 0) : 6,
        color: p.kind === "incident" ? c : "#222",
        weight: p.kind === "incident" ? 1.5 : 2,
        fillColor: c,
        fillOpacity: hollow ? 0.15 : 0.7,
        className: `kb-point kb-${p.kind}`,
      });
      marker.bindPopup(() => popup(p), { maxWidth: 360 });
      marker.bindTooltip(`${p.kind === "incident" ? p.type : p.controller}: ${p.place || ""} ${p.date || ""}`);
      marker.addTo(pointsLayer);
      shown += 1;
    }
    const unplaced = lastMap.unplaced.length ? `; ${lastMap.unplaced.length} without coordinates (not drawn)` : "";
    byId("map-note").textContent = lastMap.points.length
      ? `${shown} of ${lastMap.points.length} points shown${unplaced}. Hollow: placed at the larger area it lies in.`
      : `nothing in this window${unplaced}`;
  }

  function typeFilters(data) {
    const box = byId("pic-types");
    box.replaceChildren(node("legend", "Show"));
    const colour = colourOf(data.types);
    for (const t of [...data.types, "control"]) {
      const label = node("label", null, { class: "type-filter" });
      const input = node("input", null, { type: "checkbox", value: t });
      input.checked = true;
      input.addEventListener("change", drawPoints);
      const swatch = node("span", null, { class: "swatch" });
      swatch.style.background = t === "control" ? "#222" : colour[t];
      label.append(input, swatch, document.createTextNode(t === "control" ? "control claims" : t));
      box.append(label);
    }
  }

  async function drawMap() {
    ensureMap();
    const data = await getJSON(`/pictures/map.json?${params()}`);
    lastMap = data;
    typeFilters(data);
    if (data.bbox) {
      await drawBasemap(data.bbox);
      map.fitBounds([[data.bbox[1], data.bbox[0]], [data.bbox[3], data.bbox[2]]]);
    }
    drawPoints();
  }

  // ---- control over time ----------------------------------------------------------------------
  function iso(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  async function drawControl() {
    const data = await getJSON(`/pictures/control.json?${params()}`);
    if (controlChart) controlChart.destroy();
    controlChart = null;
    const canvas = byId("control-chart");
    if (!data.claims.length) {
      canvas.hidden = true;
      byId("control-note").textContent = `Who held ${data.place}: nothing in this window`;
      return;
    }
    canvas.hidden = false;
    const colour = colourOf(data.controllers);
    const rows = [...data.rows, "reports"];
    const datasets = [];
    for (const c of data.controllers) {
      for (const certain of [true, false]) {
        const bands = data.bands.filter((b) => b.controller === c && b.certain === certain);
        for (const thin of [false, true]) {
          const chosen = bands.filter((b) => Boolean(b.partial) === thin);
          if (!chosen.length) continue;
          datasets.push({
            label: `${c}${certain ? "" : " (uncertain)"}${thin ? ", part of it" : ""}`,
            data: chosen.map((b) => ({ x: [Date.parse(b.start), Math.max(Date.parse(b.end), Date.parse(b.start) + DAY / 2)], y: b.row, band: b })),
            backgroundColor: certain ? colour[c] : `${colour[c]}40`,
            borderColor: colour[c],
            borderWidth: certain ? 0 : 1,
            grouped: false,
            barPercentage: thin ? 0.25 : 0.6,
          });
        }
      }
    }
    datasets.push({
      label: "report published",
      data: data.reports.map((r) => ({ x: [Date.parse(r), Date.parse(r) + DAY], y: "reports" })),
      backgroundColor: "#333",
      grouped: false,
      barPercentage: 0.4,
      minBarLength: 2,
    });
    controlChart = new Chart(canvas, {
      type: "bar",
      data: { labels: rows, datasets },
      options: {
        indexAxis: "y",
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: "linear", min: Date.parse(data.start), max: Date.parse(data.end), ticks: { callback: (v) => iso(v), maxTicksLimit: 8 } },
          y: { type: "category" },
        },
        plugins: {
          title: { display: true, text: `Who held ${data.place}: ${data.claims.length} control claims, by source`, align: "start" },
          tooltip: {
            callbacks: {
              label: (ctx) => {
                const b = ctx.raw.band;
                if (!b) return `report published ${iso(ctx.raw.x[0])}`;
                return `${b.controller} ${b.certain ? "held" : "uncertain"} ${b.start} .. ${b.end}`;
              },
            },
          },
        },
      },
    });
    canvas.parentElement.style.height = `${110 + 36 * rows.length}px`;
    const quarrels = data.disagreements.map((d) => `${d.start} .. ${d.end}: ${d.sources[0]} says ${d.controllers[0]}, ${d.sources[1]} says ${d.controllers[1]}`);
    byId("control-note").textContent = "Solid: held between reports that pin it down. Faded: it changed hands somewhere in here, or the reports do not say since when." +
      (quarrels.length ? ` Sources disagree: ${quarrels.slice(0, 3).join("; ")}` +
        (quarrels.length > 3 ? `; and ${quarrels.length - 3} more (control.json).` : ".") : "");
  }

  function downloads() {
    const p = params();
    const list = byId("pic-downloads");
    list.replaceChildren();
    for (const kind of ["control", "incidents", "map"]) {
      for (const ext of ["png", "json", "csv"]) {
        const a = node("a", `${kind}.${ext}`, { href: `/pictures/${kind}.${ext}?${p}`, download: `${kind}.${ext}` });
        list.append(a, document.createTextNode(" "));
      }
    }
  }

  async function draw(event) {
    if (event) event.preventDefault();
    const error = byId("pic-error");
    error.hidden = true;
    byId("pictures").dataset.drawn = "false";
    byId("pic-draw").disabled = true;
    try {
      await Promise.all([drawMap(), drawControl()]);
      downloads();
      byId("pictures").dataset.drawn = "true";
    } catch (err) {
      error.textContent = String(err.message || err);
      error.hidden = false;
    } finally {
      byId("pic-draw").disabled = false;
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    byId("pictures-form").addEventListener("submit", draw);
  });
})();
