/* friendship-graph page: search, filters, year slider, legend and details for vis-network.
 * Every string from the data is put into the page with textContent (never innerHTML);
 * vis-network shows string tooltips as text. Nothing is loaded from the network. */
(function () {
  "use strict";
  var timings = { start: performance.now() };
  function embedded(id) { return JSON.parse(document.getElementById(id).textContent); }
  var data = embedded("fg-data");
  data.nodes = embedded("fg-nodes");   // the lists pyvis renders into the template
  data.edges = embedded("fg-edges");
  timings.parsed = performance.now();
  var classes = data.classes, relations = data.relations, statuses = data.statuses;
  var countries = data.countries;
  var DEFAULT_EDGE = "#848484";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function both(entry) {
    return entry.label_zh && entry.label_zh !== entry.label
      ? entry.label + " / " + entry.label_zh : entry.label;
  }
  // Search folding: compatibility forms, case and accents (so "hoi an" finds "Hội An").
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // -- nodes ------------------------------------------------------------------------------
  var nodeById = new Map();
  var groups = {};
  var nodeItems = data.nodes.map(function (n) {
    nodeById.set(n.id, n);
    var cls = classes[n.type];
    var country = n.country !== undefined ? countries[n.country] : null;
    var label = n.label;
    if (n.label_zh && n.label_zh !== n.label) { label += "\n" + n.label_zh; }
    var tip = [n.label];
    if (n.label_zh && n.label_zh !== n.label) { tip.push(n.label_zh); }
    if (n.alt && n.alt.length) { tip.push(n.alt.join(", ")); }
    tip.push(both(cls) + (country ? " \u2014 " + country.label : ""));
    n.search = fold([n.label, n.label_zh || ""].concat(n.alt || []).join("\u0000"));
    // One vis group per (class, country): the look is set once per group, not per node.
    var group = "g" + n.type + "_" + (country ? n.country : "");
    if (!groups[group]) {
      groups[group] = {
        shape: cls.shape, borderWidth: country ? (data.big ? 1 : 3) : 1,
        color: { background: cls.color, border: country ? country.color : cls.color,
                 highlight: { background: cls.color, border: "#000" },
                 hover: { background: cls.color, border: "#000" } }
      };
    }
    n.display = label;
    var item = { id: n.id, title: tip.join("\n"), group: group, x: n.x, y: n.y };
    if (!data.big) { item.label = label; }  // big graphs: see labelInView
    return item;
  });

  // -- edges ------------------------------------------------------------------------------
  var edgeById = new Map();
  var edgeItems = data.edges.map(function (e) {
    edgeById.set(e.id, e);
    var rel = relations[e.relation];
    var st = e.status !== undefined ? statuses[e.status] : null;
    var color = (st && st.color) || rel.color || DEFAULT_EDGE;
    var dashes = st && st.dashes !== null && st.dashes !== undefined ? st.dashes : rel.dashes;
    var from = nodeById.get(e.from), to = nodeById.get(e.to);
    var tip = [both(rel) + (st ? " (" + st.label + ")" : ""),
               (from ? from.label : e.from) + " \u2014 " + (to ? to.label : e.to)];
    if (e.y0 !== undefined || e.y1 !== undefined) {
      tip.push((e.y0 !== undefined ? e.y0 : "?") + " \u2013 " + (e.y1 !== undefined ? e.y1 : ""));
    }
    var item = { id: e.id, from: e.from, to: e.to, title: tip.join("\n"), color: color };
    if (dashes) { item.dashes = true; }
    if (e.curve) {
      item.smooth = { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW",
                      roundness: Math.abs(e.curve) };
    }
    return item;
  });

  // -- filters ----------------------------------------------------------------------------
  var state = {
    relations: new Set(relations.map(function (_, i) { return i; })),
    statuses: new Set(statuses.map(function (_, i) { return i; }).concat([-1])),
    country: null, yearOn: false, year: null, undated: true
  };
  var edgeVisible = new Map(), degree = new Map();
  function edgePasses(e) {
    if (!state.relations.has(e.relation)) { return false; }
    if (!state.statuses.has(e.status === undefined ? -1 : e.status)) { return false; }
    if (state.yearOn) {
      if (e.y0 === undefined && e.y1 === undefined) {
        if (!state.undated) { return false; }
      } else {
        if (e.y0 !== undefined && e.y0 > state.year) { return false; }
        if (e.y1 !== undefined && e.y1 < state.year) { return false; }
      }
    }
    if (state.country !== null) {
      var c = countries[state.country].id, a = nodeById.get(e.from), b = nodeById.get(e.to);
      var inA = a && (a.id === c || (a.country !== undefined && countries[a.country].id === c));
      var inB = b && (b.id === c || (b.country !== undefined && countries[b.country].id === c));
      if (!inA && !inB) { return false; }
    }
    return true;
  }
  function computeVisible() {
    degree.clear();
    data.edges.forEach(function (e) {
      var ok = edgePasses(e);
      edgeVisible.set(e.id, ok);
      if (ok) {
        degree.set(e.from, (degree.get(e.from) || 0) + 1);
        degree.set(e.to, (degree.get(e.to) || 0) + 1);
      }
    });
  }
  function nodePasses(n) {
    if (state.country === null) { return true; }
    var c = countries[state.country].id;
    return n.id === c || (n.country !== undefined && countries[n.country].id === c) ||
      (degree.get(n.id) || 0) > 0;
  }
  computeVisible();

  timings.items = performance.now();
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var nodesView = new vis.DataView(nodes, {
    filter: function (item) { return nodePasses(nodeById.get(item.id)); } });
  var edgesView = new vis.DataView(edges, {
    filter: function (item) { return edgeVisible.get(item.id) === true; } });

  timings.datasets = performance.now();
  var container = document.getElementById("fg-network");
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { randomSeed: data.seed, improvedLayout: false },
    interaction: { hover: !data.big, tooltipDelay: 150, hideEdgesOnDrag: data.big,
                   hideEdgesOnZoom: data.big, multiselect: false, navigationButtons: true,
                   keyboard: { enabled: true, bindToWindow: false } },
    nodes: { size: data.layout === "map" ? (data.big ? 2.5 : 6) : 12, borderWidthSelected: 3,
             font: { size: 13, face: "sans-serif" },
             scaling: { label: { drawThreshold: data.big ? 8 : 3 } },
             // Wrapping labels measures every word: only on small graphs.
             widthConstraint: data.big ? false : { maximum: 200 } },
    groups: groups,
    edges: { smooth: false, width: data.big ? 0.6 : 1.2, selectionWidth: 2, hoverWidth: 0.5,
             color: { inherit: false, highlight: "#000" } }
  };
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  timings.network = performance.now();

  // Big graphs get their labels only when they can be read: measuring 18,000 labels would
  // slow the first frame, and at the whole-graph zoom they are too small to be drawn. When the
  // view is zoomed in far enough, the nodes in view (and a margin) get theirs.
  var labelled = new Set(), labelQueue = [];
  function flushLabels() {
    var batch = labelQueue.splice(0, 500);
    if (batch.length) { nodes.update(batch); }
    if (labelQueue.length) { window.requestAnimationFrame(flushLabels); }
  }
  function labelInView() {
    if (!data.big) { return 0; }
    var scale = network.getScale();
    if (scale * 13 < 8) { return 0; }
    var centre = network.getViewPosition();
    var halfWidth = container.clientWidth / scale / 2 + 100;
    var halfHeight = container.clientHeight / scale / 2 + 100;
    var positions = network.getPositions();
    var found = [];
    Object.keys(positions).forEach(function (id) {
      var p = positions[id], dx = Math.abs(p.x - centre.x), dy = Math.abs(p.y - centre.y);
      if (!labelled.has(id) && dx <= halfWidth && dy <= halfHeight) {
        labelled.add(id);
        found.push([dx * dx + dy * dy, id]);
      }
    });
    // Nearest the centre first; the first batch now, the rest over the next frames.
    found.sort(function (a, b) { return a[0] - b[0]; });
    var wasIdle = labelQueue.length === 0;
    found.forEach(function (f) { labelQueue.push({ id: f[1], label: nodeById.get(f[1]).display }); });
    if (wasIdle && labelQueue.length) { flushLabels(); }
    return found.length;
  }
  network.on("zoom", labelInView);
  network.on("dragEnd", labelInView);

  if (data.layout === "map") {
    var s = data.map_scale;
    network.on("beforeDrawing", function (ctx) {
      ctx.save();
      ctx.fillStyle = "#f2f7fb";
      ctx.fillRect(-180 * s, -90 * s, 360 * s, 180 * s);
      ctx.strokeStyle = "#d5e1ea";
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (var lon = -180; lon <= 180; lon += 30) { ctx.moveTo(lon * s, -90 * s); ctx.lineTo(lon * s, 90 * s); }
      for (var lat = -90; lat <= 90; lat += 30) { ctx.moveTo(-180 * s, lat * s); ctx.lineTo(180 * s, lat * s); }
      ctx.stroke();
      ctx.restore();
    });
  }

  var countEl = document.getElementById("fg-count");
  function updateCount() {
    countEl.textContent = nodesView.length + " of " + data.nodes.length + " nodes, " +
      edgesView.length + " of " + data.edges.length + " links shown";
  }
  function refresh() {
    computeVisible();
    // One redraw for the whole change, not one per add/remove event of the views.
    network.body.emitter.emit("_blockRedraw");
    try {
      edgesView.refresh();
      nodesView.refresh();
    } finally {
      network.body.emitter.emit("_allowRedraw");
    }
    network.redraw();
    updateCount();
  }
  updateCount();
  // On big graphs a change takes a moment: coalesce a burst of changes (dragging the year
  // slider) into one refresh per frame.
  var pending = false;
  function requestRefresh() {
    if (!data.big) { refresh(); return; }
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; refresh(); });
  }

  function checkbox(parent, entry, index, set, swatch) {
    var label = el("label", "fg-legend-row");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = String(index);
    box.addEventListener("change", function () {
      if (box.checked) { set.add(index); } else { set.delete(index); }
      requestRefresh();
    });
    label.appendChild(box);
    if (swatch) { label.appendChild(swatch); }
    label.appendChild(el("span", null, both(entry)));
    label.appendChild(el("span", "fg-count", entry.count));
    parent.appendChild(label);
  }
  function line(color, dashed) {
    var span = el("span", "fg-line" + (dashed ? " fg-dashed" : ""));
    span.style.borderTopColor = color || DEFAULT_EDGE;
    return span;
  }
  var relBox = document.getElementById("fg-filter-relations");
  relations.forEach(function (r, i) { checkbox(relBox, r, i, state.relations, line(r.color, r.dashes)); });
  var stBox = document.getElementById("fg-filter-statuses");
  statuses.forEach(function (st, i) {
    checkbox(stBox, st, i, state.statuses, line(st.color || "#555", st.dashes));
  });
  var noStatus = data.edges.filter(function (e) { return e.status === undefined; }).length;
  if (noStatus) { checkbox(stBox, { label: "no status", count: noStatus }, -1, state.statuses, null); }
  if (!relations.length) { relBox.hidden = true; }
  if (!statuses.length && !noStatus) { stBox.hidden = true; }

  var countrySelect = document.getElementById("fg-filter-country");
  countries.forEach(function (c, i) {
    var option = el("option", null, c.label + " (" + c.count + ")");
    option.value = String(i);
    option.style.color = c.color;
    countrySelect.appendChild(option);
  });
  countrySelect.addEventListener("change", function () {
    state.country = countrySelect.value === "" ? null : Number(countrySelect.value);
    requestRefresh();
  });

  // -- year slider ------------------------------------------------------------------------
  var years = [];
  data.edges.forEach(function (e) {
    if (e.y0 !== undefined) { years.push(e.y0); }
    if (e.y1 !== undefined) { years.push(e.y1); }
  });
  var yearOn = document.getElementById("fg-year-on"), yearInput = document.getElementById("fg-year");
  var yearValue = document.getElementById("fg-year-value");
  var undated = document.getElementById("fg-year-undated");
  if (years.length) {
    var minYear = Math.min.apply(null, years), maxYear = Math.max.apply(null, years);
    yearInput.min = String(minYear);
    yearInput.max = String(maxYear);
    yearInput.value = String(maxYear);
    state.year = maxYear;
    yearValue.textContent = String(maxYear);
  } else {
    yearOn.disabled = true;
    yearValue.textContent = "(no dates)";
  }
  yearOn.addEventListener("change", function () {
    state.yearOn = yearOn.checked;
    yearInput.disabled = !yearOn.checked;
    requestRefresh();
  });
  yearInput.addEventListener("input", function () {
    state.year = Number(yearInput.value);
    yearValue.textContent = yearInput.value;
    if (state.yearOn) { requestRefresh(); }
  });
  undated.addEventListener("change", function () {
    state.undated = undated.checked;
    requestRefresh();
  });

  // -- legend -----------------------------------------------------------------------------
  var legend = document.getElementById("fg-legend");
  function legendRow(swatch, text, count) {
    var row = el("div", "fg-legend-row");
    row.appendChild(swatch);
    row.appendChild(el("span", null, text));
    row.appendChild(el("span", "fg-count", count));
    legend.appendChild(row);
  }
  // A glyph for each vis-network shape (presentation only; the shapes come from the ontology).
  var GLYPHS = { dot: "\u25cf", circle: "\u25cf", ellipse: "\u2b2c", star: "\u2605",
                 diamond: "\u25c6", triangle: "\u25b2", triangleDown: "\u25bc",
                 square: "\u25a0", box: "\u25ac", hexagon: "\u2b22", database: "\u25a0",
                 text: "T" };
  classes.forEach(function (c) {
    var glyph = el("span", "fg-glyph", GLYPHS[c.shape] || "\u25cf");
    glyph.style.color = c.color;
    glyph.title = c.shape;
    legendRow(glyph, both(c), c.count);
  });
  relations.forEach(function (r) { legendRow(line(r.color, r.dashes), both(r), r.count); });
  statuses.forEach(function (st) { legendRow(line(st.color || "#555", st.dashes), both(st), st.count); });
  if (countries.length) {
    var note = el("p", "fg-hint", "Node borders: the country (see the country filter).");
    legend.appendChild(note);
  }

  // -- details ----------------------------------------------------------------------------
  var details = document.getElementById("fg-details");
  // IRIs in the project's namespaces are shown as prefixed names (fg:participant).
  var prefixes = Object.keys(data.prefixes || {}).map(function (p) { return [p, data.prefixes[p]]; })
    .sort(function (a, b) { return b[1].length - a[1].length; });
  function short(value) {
    return String(value).split(" ").map(function (part) {
      for (var i = 0; i < prefixes.length; i++) {
        var base = prefixes[i][1];
        if (part.length > base.length && part.indexOf(base) === 0) {
          return prefixes[i][0] + ":" + part.slice(base.length);
        }
      }
      return part;
    }).join(" ");
  }
  function row(dl, key, value) {
    if (value === undefined || value === null || value === "") { return; }
    dl.appendChild(el("dt", null, key));
    dl.appendChild(el("dd", null, typeof value === "string" ? short(value) : value));
  }
  function sources(attrs) {
    var box = el("div");
    if (attrs.quotes) {
      box.appendChild(el("h3", null, "Supporting quotes"));
      String(attrs.quotes).split("|").forEach(function (q) {
        if (q) { box.appendChild(el("blockquote", null, q)); }
      });
    }
    if (attrs.sources) {
      box.appendChild(el("h3", null, "Sources"));
      var list = el("ul");
      String(attrs.sources).split(" ").forEach(function (s) {
        if (s) { list.appendChild(el("li", null, short(s))); }
      });
      box.appendChild(list);
    }
    return box;
  }
  function showNode(id) {
    var n = nodeById.get(id);
    clear(details);
    if (!n) { return; }
    details.appendChild(el("h3", null, n.label));
    var dl = el("dl");
    row(dl, "id", n.id);
    row(dl, "Chinese", n.label_zh);
    row(dl, "other names", (n.alt || []).join(", "));
    row(dl, "class", both(classes[n.type]));
    if (n.country !== undefined) { row(dl, "country", countries[n.country].label); }
    Object.keys(n.attrs).forEach(function (k) {
      if (k !== "sources" && k !== "quotes") { row(dl, k, n.attrs[k]); }
    });
    details.appendChild(dl);
    details.appendChild(sources(n.attrs));
  }
  function showEdge(id) {
    var e = edgeById.get(id);
    clear(details);
    if (!e) { return; }
    var from = nodeById.get(e.from), to = nodeById.get(e.to);
    details.appendChild(el("h3", null, (from ? from.label : e.from) + " \u2014 " + (to ? to.label : e.to)));
    var dl = el("dl");
    row(dl, "relation", both(relations[e.relation]));
    if (e.status !== undefined) { row(dl, "status", both(statuses[e.status])); }
    row(dl, "key", e.key);
    Object.keys(e.attrs).forEach(function (k) {
      if (k !== "sources" && k !== "quotes") { row(dl, k, e.attrs[k]); }
    });
    details.appendChild(dl);
    details.appendChild(sources(e.attrs));
  }
  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

  // -- search -----------------------------------------------------------------------------
  var search = document.getElementById("fg-search"), results = document.getElementById("fg-results");
  var searchStatus = document.getElementById("fg-search-status");
  function select(id) {
    if (nodesView.get(id)) {
      network.selectNodes([id]);
      network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
      labelInView();
    }
    showNode(id);
  }
  function find(query) {
    var q = fold(query).trim();
    if (!q) { return []; }
    return data.nodes.filter(function (n) { return n.search.indexOf(q) !== -1; });
  }
  function runSearch() {
    clear(results);
    var found = find(search.value);
    searchStatus.textContent = search.value.trim() ? found.length + " found" : "";
    found.slice(0, 100).forEach(function (n) {
      var li = el("li", null, n.label);
      li.tabIndex = 0;
      li.dataset.id = n.id;
      if (n.label_zh && n.label_zh !== n.label) { li.appendChild(el("span", "fg-sub", " " + n.label_zh)); }
      li.addEventListener("click", function () { select(n.id); });
      li.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(n.id); } });
      results.appendChild(li);
    });
    return found;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = find(search.value);
      if (found.length) { select(found[0].id); }
    }
  });

  network.once("afterDrawing", function () {
    window.fgFirstFrame = timings.drawn = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  window.fgGraph = {
    data: data, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    network: network, find: find, refresh: refresh, state: state,
    showNode: showNode, showEdge: showEdge, select: select, timings: timings,
    labelInView: labelInView
  };
}());
