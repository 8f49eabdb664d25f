/* friendship-graph page: search, filters, time axis and selection for
 * vis-network, and the level of detail of large graphs.
 * Every string from the data is put into the page with textContent (never innerHTML);
 * vis-network shows string tooltips as text. Nothing is loaded from the network.
 *
 * Large graphs (data.big): vis-network holds only what can be read at the current zoom. At
 * world zoom the canvas layers (layers.js) draw every place as a dot, the flows between
 * countries and the labels of the most connected places; zoomed in, vis-network gets the
 * places in view and their links; a selected node brings its partners and their links. */
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
  var DEFAULT_EDGE = "#848484", CONTEXT_EDGE = "#a3adb8", DIM = 0.15;
  var MAP = data.layout === "map", LOD = data.big;
  var MAX_NODES = 800, MAX_EDGES = 2500, RING_PX = 34, LOD_EDGE_OPACITY = 0.35;
  // On the map every node has a size in pixels: shapes that fit their label become shapes
  // of a size (the label goes below).
  var SIZED = { box: "square", database: "square", ellipse: "dot", circle: "dot", text: "dot" };
  var ranker = fgRank.make(data.traditional || {}, data.marks || "");

  var el = fgPanel.el, clear = fgPanel.clear, both = fgPanel.both, line = fgPanel.line;

  // -- nodes ------------------------------------------------------------------------------
  var nodeById = new Map(), edgesOf = new Map();
  var groups = {};
  var nodeItems = data.nodes.map(function (n) {
    nodeById.set(n.id, n);
    edgesOf.set(n.id, []);
    var cls = classes[n.type];
    var country = n.country !== undefined ? countries[n.country] : null;
    var label = n.label;
    if (n.label_zh && n.label_zh !== n.label) { label += "\n" + n.label_zh; }
    var tip = [n.label];
    if (n.label_zh && n.label_zh !== n.label) { tip.push(n.label_zh); }
    if (n.alt && n.alt.length) { tip.push(n.alt.join(", ")); }
    tip.push(both(cls) + (country ? " \u2014 " + country.label : ""));
    if (n.context) { tip.push("context: not stated by the event"); }
    n.dot = 0.9 + Math.min(2.6, 0.45 * Math.log2(1 + n.deg));
    // One vis group per (class, country): the look is set once per group, not per node.
    var group = "g" + n.type + "_" + (country ? n.country : "");
    if (!groups[group]) {
      groups[group] = {
        shape: MAP ? (SIZED[cls.shape] || cls.shape) : cls.shape, borderWidth: country ? (LOD ? 1 : 3) : 1,
        color: { background: cls.color, border: country ? country.color : cls.color,
                 highlight: { background: cls.color, border: "#000" },
                 hover: { background: cls.color, border: "#000" } }
      };
    }
    n.display = label;
    n.opacity = n.context ? 0.45 : 1;
    var item = { id: n.id, title: tip.join("\n"), group: group, x: n.x || 0, y: n.y || 0,
                 opacity: n.opacity };
    if (!LOD) { item.label = label; }  // large graphs: labels are drawn by layers.js
    return item;
  });

  // -- edges ------------------------------------------------------------------------------
  var edgeById = new Map();
  var edgeItems = data.edges.map(function (e) {
    edgeById.set(e.id, e);
    if (edgesOf.has(e.from)) { edgesOf.get(e.from).push(e); }
    if (e.to !== e.from && edgesOf.has(e.to)) { edgesOf.get(e.to).push(e); }
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
    if (e.context) {
      tip.push("context: not stated by the event");
      color = CONTEXT_EDGE;
      dashes = [2, 5];
    }
    e.color = color;
    e.dashed = Boolean(dashes);
    var item = { id: e.id, from: e.from, to: e.to, title: tip.join("\n"),
                 color: { color: color, highlight: "#000" } };
    if (dashes) { item.dashes = dashes; }
    if (e.curve) {
      item.smooth = { enabled: true, type: e.curve > 0 ? "curvedCW" : "curvedCCW",
                      roundness: Math.abs(e.curve) };
    }
    return item;
  });

  // -- filters ----------------------------------------------------------------------------
  var hasContext = data.nodes.some(function (n) { return n.context; }) ||
    data.edges.some(function (e) { return e.context; });
  var state = {
    relations: new Set(relations.map(function (_, i) { return i; })),
    statuses: new Set(statuses.map(function (_, i) { return i; }).concat([-1])),
    country: null, yearOn: false, year: null, undated: true, context: false, selected: null
  };
  var edgeVisible = new Map(), degree = new Map(), shown = { nodes: 0, edges: 0 };
  function drawable(n) { return n && !(MAP && n.unplaced); }
  function edgePasses(e) {
    if (e.context && !state.context) { return false; }
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
    var a = nodeById.get(e.from), b = nodeById.get(e.to);
    if ((a && a.context && !state.context) || (b && b.context && !state.context)) { return false; }
    if (state.country !== null) {
      var c = countries[state.country].id;
      var inA = a && (a.id === c || (a.country !== undefined && countries[a.country].id === c));
      var inB = b && (b.id === c || (b.country !== undefined && countries[b.country].id === c));
      if (!inA && !inB) { return false; }
    }
    return true;
  }
  function nodePasses(n) {
    if (n.context && !state.context) { return false; }
    if (state.country === null) { return true; }
    var c = countries[state.country].id;
    return n.id === c || (n.country !== undefined && countries[n.country].id === c) ||
      (degree.get(n.id) || 0) > 0;
  }
  var passing = new Set(), dotNodes = [], version = 0;
  function computeVisible() {
    degree.clear();
    shown.edges = 0;
    data.edges.forEach(function (e) {
      var ok = edgePasses(e);
      edgeVisible.set(e.id, ok);
      if (ok) {
        shown.edges++;
        degree.set(e.from, (degree.get(e.from) || 0) + 1);
        degree.set(e.to, (degree.get(e.to) || 0) + 1);
      }
    });
    passing.clear();
    dotNodes = [];
    data.nodes.forEach(function (n) {
      if (nodePasses(n)) {
        passing.add(n.id);
        if (!n.unplaced) { dotNodes.push(n); }
      }
    });
    shown.nodes = passing.size;
    flowCache = null;
    version++;
  }

  // -- level of detail (large graphs) -----------------------------------------------------
  var active = new Set(), activeEdges = new Set(), highlight = null;
  var byDegree = data.nodes.filter(function (n) { return !n.unplaced; })
    .sort(function (a, b) { return b.deg - a.deg || (a.id < b.id ? -1 : 1); });
  var network = null, layers = null, fitScale = 1;
  function worldZoom() { return network.getScale() < fitScale * 2.5; }
  function neighbourhood(id) {
    var set = new Set([id]), links = [];
    (edgesOf.get(id) || []).forEach(function (e) {
      if (edgeVisible.get(e.id) && drawable(nodeById.get(e.from)) && drawable(nodeById.get(e.to))) {
        set.add(e.from); set.add(e.to);
      }
    });
    set.forEach(function (m) {
      (edgesOf.get(m) || []).forEach(function (e) {
        if (edgeVisible.get(e.id) && set.has(e.from) && set.has(e.to)) { links.push(e.id); }
      });
    });
    return { nodes: set, edges: new Set(links) };
  }
  function computeActive() {
    active.clear(); activeEdges.clear();
    if (state.selected !== null) {
      highlight = neighbourhood(state.selected);
    } else {
      highlight = null;
    }
    if (!LOD || network === null) { return; }
    if (highlight) {
      highlight.nodes.forEach(function (id) { active.add(id); });
      highlight.edges.forEach(function (id) { activeEdges.add(id); });
      return;
    }
    if (worldZoom()) { return; }
    var r = layers.viewRect(0), found = [];
    for (var i = 0; i < byDegree.length && found.length < MAX_NODES; i++) {
      var n = byDegree[i];
      if (passing.has(n.id) && n.x >= r.x0 && n.x <= r.x1 && n.y >= r.y0 && n.y <= r.y1) { found.push(n.id); }
    }
    found.forEach(function (id) { active.add(id); });
    var inner = [], outer = [];
    found.forEach(function (id) {
      edgesOf.get(id).forEach(function (e) {
        if (!edgeVisible.get(e.id) || activeEdges.has(e.id)) { return; }
        var a = nodeById.get(e.from), b = nodeById.get(e.to);
        if (!drawable(a) || !drawable(b)) { return; }
        activeEdges.add(e.id);
        (active.has(e.from) && active.has(e.to) ? inner : outer).push(e);
      });
    });
    activeEdges.clear();
    inner.concat(outer).slice(0, MAX_EDGES).forEach(function (e) {
      activeEdges.add(e.id); active.add(e.from); active.add(e.to);
    });
  }
  // Country-to-country flows of the links shown (world zoom): width from the count.
  var flowCache = null, anchors = null;
  function flows() {
    if (!MAP || !worldZoom()) { return null; }
    if (flowCache) { return flowCache; }
    if (!anchors) {
      anchors = new Map();
      data.nodes.forEach(function (n) {
        if (n.unplaced || n.country === undefined) { return; }
        var a = anchors.get(n.country) || { x: 0, y: 0, w: 0 };
        var w = 1 + n.deg;
        a.x += n.x * w; a.y += n.y * w; a.w += w;
        anchors.set(n.country, a);
      });
    }
    var pairs = new Map();
    data.edges.forEach(function (e) {
      if (!edgeVisible.get(e.id)) { return; }
      var a = nodeById.get(e.from), b = nodeById.get(e.to);
      if (!a || !b || a.unplaced || b.unplaced || a.country === undefined ||
          b.country === undefined || a.country === b.country) { return; }
      var key = Math.min(a.country, b.country) + "," + Math.max(a.country, b.country);
      pairs.set(key, (pairs.get(key) || 0) + 1);
    });
    var list = [];
    pairs.forEach(function (count, key) {
      var parts = key.split(","), a = anchors.get(Number(parts[0])), b = anchors.get(Number(parts[1]));
      list.push({ count: count, ax: a.x / a.w, ay: a.y / a.w, bx: b.x / b.w, by: b.y / b.w,
                  width: Math.min(8, 0.4 + 1.0 * Math.log2(count)),
                  alpha: Math.min(0.5, 0.06 + 0.05 * Math.log2(count)) });
    });
    list.sort(function (p, q) { return q.count - p.count; });
    flowCache = list.slice(0, 400).reverse();
    return flowCache;
  }
  function labelCandidates() {
    var out = [];
    if (highlight) {
      out.push(nodeById.get(state.selected));
      byDegree.forEach(function (n) { if (highlight.nodes.has(n.id) && n.id !== state.selected) { out.push(n); } });
      if (!worldZoom()) { out = out.concat(byDegree.filter(function (n) { return passing.has(n.id) && !highlight.nodes.has(n.id); }).slice(0, 400)); }
      return out;
    }
    var pool = worldZoom() ? byDegree.slice(0, 3000) : byDegree;
    for (var i = 0; i < pool.length && out.length < 1500; i++) {
      if (passing.has(pool[i].id)) { out.push(pool[i]); }
    }
    return out;
  }

  computeVisible();
  computeActive();
  timings.items = performance.now();
  var nodes = new vis.DataSet(nodeItems);
  var edges = new vis.DataSet(edgeItems);
  var nodesView = new vis.DataView(nodes, { filter: function (item) {
    var n = nodeById.get(item.id);
    return passing.has(item.id) && drawable(n) && (!LOD || active.has(item.id));
  } });
  var edgesView = new vis.DataView(edges, { filter: function (item) {
    var e = edgeById.get(item.id);
    // Large graphs: the links of the places in view are drawn by layers.js (all at once, far
    // faster); vis-network gets those of a selection, to be drawn on top and clicked.
    return edgeVisible.get(item.id) === true && drawable(nodeById.get(e.from)) &&
      drawable(nodeById.get(e.to)) && (!LOD || (highlight !== null && activeEdges.has(item.id)));
  } });

  timings.datasets = performance.now();
  var container = document.getElementById("fg-network");
  var options = {
    autoResize: true,
    physics: { enabled: false },
    layout: { randomSeed: data.seed, improvedLayout: false },
    interaction: { hover: !LOD, tooltipDelay: 150, multiselect: false, navigationButtons: true,
                   keyboard: { enabled: true, bindToWindow: false } },
    nodes: { size: MAP ? 6 : 12, borderWidthSelected: 3,
             font: { size: 13, face: "sans-serif" },
             scaling: { label: { drawThreshold: 3 } },
             widthConstraint: LOD ? false : { maximum: 200 } },
    groups: groups,
    edges: { smooth: false, width: 1.2, selectionWidth: 2, hoverWidth: 0.5,
             color: { opacity: LOD ? LOD_EDGE_OPACITY : 1 } }
  };
  var page = {
    lod: LOD, flows: flows, dotNodes: function () { return dotNodes; },
    active: function () { return active; }, selected: function () { return state.selected; },
    labelCandidates: labelCandidates, worldZoom: function () { return worldZoom(); },
    edgeList: function () {
      if (highlight !== null) { return []; }
      var out = [];
      activeEdges.forEach(function (id) { out.push(edgeById.get(id)); });
      return out;
    },
    node: function (id) { return nodeById.get(id); },
    fitScale: function () { return fitScale; }, version: function () { return version; },
    labelLimit: function () { return worldZoom() && !highlight ? 45 : 300; }
  };
  network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  layers = fgLayers.make(network, data, page);
  network.on("beforeDrawing", layers.before);
  network.on("afterDrawing", layers.after);
  timings.network = performance.now();

  // The world (or the whole graph) in view at the start.
  function extent() {
    if (MAP) { return { x0: -180 * data.map_scale, x1: 180 * data.map_scale, y0: -72 * data.map_scale, y1: 84 * data.map_scale }; }
    var r = { x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity };
    data.nodes.forEach(function (n) {
      r.x0 = Math.min(r.x0, n.x); r.x1 = Math.max(r.x1, n.x); r.y0 = Math.min(r.y0, n.y); r.y1 = Math.max(r.y1, n.y);
    });
    return r;
  }
  function fitAll() {
    if (!LOD) { network.fit({ animation: false }); fitScale = network.getScale(); return; }
    var r = extent(), w = container.clientWidth || 800, h = container.clientHeight || 600;
    fitScale = Math.min(w / Math.max(1, r.x1 - r.x0), h / Math.max(1, r.y1 - r.y0)) * 0.97;
    network.moveTo({ position: { x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2 }, scale: fitScale,
                     animation: false });
  }
  fitAll();
  computeActive();
  refreshViews();

  // Sizes in screen pixels on the map, whatever the zoom (vis-network's are in map units).
  var sizedAt = null;
  // Events, documents and agents sit on rings around their city, RING_PX pixels away.
  var satellites = data.nodes.filter(function (n) { return n.anchor !== undefined && nodeById.has(n.anchor); });
  satellites.forEach(function (n) {
    var a = nodeById.get(n.anchor);
    n.ring = [(n.x - a.x) / data.ring_radius, (n.y - a.y) / data.ring_radius];
  });
  function resize() {
    if (!MAP) { return; }
    var scale = network.getScale();
    if (sizedAt !== null && Math.abs(scale / sizedAt - 1) < 0.15) { return; }
    sizedAt = scale;
    network.setOptions({ nodes: { size: 5 / scale, font: { size: 13 / scale } },
                         edges: { width: 1.2 / scale, selectionWidth: 2 / scale } });
    if (satellites.length) {
      nodes.update(satellites.map(function (n) {
        var a = nodeById.get(n.anchor);
        n.x = a.x + n.ring[0] * RING_PX / scale;
        n.y = a.y + n.ring[1] * RING_PX / scale;
        return { id: n.id, x: n.x, y: n.y };
      }));
    }
  }
  var countEl = document.getElementById("fg-count");
  function updateCount() {
    countEl.textContent = shown.nodes + " of " + data.nodes.length + " nodes, " +
      shown.edges + " of " + data.edges.length + " links shown";
  }
  // Dimming without large graphs: everything stays, what is not highlighted fades.
  function applyDim() {
    if (LOD) { return; }
    nodes.update(data.nodes.map(function (n) {
      var dim = highlight !== null && !highlight.nodes.has(n.id);
      return { id: n.id, opacity: dim ? DIM * n.opacity : n.opacity,
               font: { color: dim ? "rgba(52,52,52,0.3)" : "#343434" } };
    }));
    edges.update(data.edges.map(function (e) {
      return { id: e.id, color: { color: e.color, highlight: "#000",
                                  opacity: highlight && !highlight.edges.has(e.id) ? DIM : 1 } };
    }));
  }
  function refreshViews() {
    network.body.emitter.emit("_blockRedraw");
    try {
      edgesView.refresh();
      nodesView.refresh();
    } finally {
      network.body.emitter.emit("_allowRedraw");
    }
    // vis-network skips nodes whose bounding box is not known yet (just added) in the frame
    // that measures them: draw once more.
    window.requestAnimationFrame(function () { network.redraw(); });
  }
  function refresh() {
    computeVisible();
    computeActive();
    refreshViews();
    applyDim();
    if (state.selected !== null && nodesView.get(state.selected)) { network.selectNodes([state.selected]); }
    layers.settle();
    network.redraw();
    updateCount();
    renderUnplaced();
  }
  // After the view moved (by hand or by script) and came to rest: new level of detail.
  var settled = { scale: null, x: null, y: null }, timer = null;
  function viewMoved() {
    var p = network.getViewPosition(), scale = network.getScale();
    if (scale === settled.scale && p.x === settled.x && p.y === settled.y) { return; }
    settled = { scale: scale, x: p.x, y: p.y };
    if (timer !== null) { window.clearTimeout(timer); }
    timer = window.setTimeout(function () {
      timer = null;
      resize();
      if (LOD && state.selected === null) {
        computeActive();
        refreshViews();
      }
      layers.settle();
      network.redraw();
    }, 150);
  }
  network.on("afterDrawing", viewMoved);
  resize();
  // On big graphs a change takes a moment: coalesce a burst of changes (dragging the year
  // slider) into one refresh per frame.
  var pending = false;
  function requestRefresh() {
    if (!LOD) { refresh(); return; }
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

  // -- the context layer of an event's view ------------------------------------------------
  var contextBox = document.getElementById("fg-context-box");
  if (hasContext) {
    var contextOn = document.getElementById("fg-context-on");
    var contextNodes = data.nodes.filter(function (n) { return n.context; }).length;
    var contextEdges = data.edges.filter(function (e) { return e.context; }).length;
    document.getElementById("fg-context-count").textContent =
      contextNodes + " places, " + contextEdges + " links";
    contextOn.addEventListener("change", function () {
      state.context = contextOn.checked;
      refresh();
      if (!LOD) { fitAll(); }
    });
  } else {
    contextBox.hidden = true;
  }

  // -- time axis --------------------------------------------------------------------------
  var yearOn = document.getElementById("fg-year-on"), yearInput = document.getElementById("fg-year");
  var yearValue = document.getElementById("fg-year-value");
  var undated = document.getElementById("fg-year-undated");
  var undatedCount = data.edges.filter(function (e) { return e.y0 === undefined && e.y1 === undefined; }).length;
  document.getElementById("fg-year-range").textContent = data.years
    ? "Dates in this view: " + data.years[0] + " to " + data.years[1] + "; " +
      (data.edges.length - undatedCount) + " links dated, " + undatedCount + " without a date."
    : "No dates in this view.";
  if (data.years) {
    yearInput.min = String(data.years[0]);
    yearInput.max = String(data.years[1]);
    yearInput.value = String(data.years[1]);
    state.year = data.years[1];
    yearValue.textContent = String(data.years[1]);
  } else {
    yearOn.disabled = true;
    undated.disabled = true;
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

  // -- legend and details (panel.js) ---------------------------------------------------------
  fgPanel.legend(data, { context: hasContext, flows: LOD && MAP, map: MAP,
                         contextColor: CONTEXT_EDGE });
  var details = fgPanel.details(data, nodeById, edgeById, { map: MAP });
  var showNode = details.showNode, showEdge = details.showEdge;

  // -- selection --------------------------------------------------------------------------
  function edgeOpacity() {
    if (LOD) { network.setOptions({ edges: { color: { opacity: state.selected !== null ? 1 : LOD_EDGE_OPACITY } } }); }
  }
  function select(id, centre) {
    if (!nodeById.has(id)) { return; }
    if (nodeById.get(id).context && !state.context) {  // a search found a node of the context
      document.getElementById("fg-context-on").checked = true;
      state.context = true;
      computeVisible();
    }
    state.selected = id;
    // A page shown in a frame (the workbench's network view) tells its parent what was chosen.
    if (window.parent !== window) { window.parent.postMessage({fgSelect: id}, "*"); }
    edgeOpacity();
    computeActive();
    refreshViews();
    applyDim();
    if (nodesView.get(id)) {
      network.selectNodes([id]);
      if (centre) {
        network.focus(id, { scale: Math.max(network.getScale(), MAP ? Math.max(2, fitScale * 3) : 1.0),
                            animation: false });
      }
    }
    layers.settle();
    network.redraw();
    showNode(id);
  }
  function deselect() {
    if (state.selected === null) { return; }
    state.selected = null;
    edgeOpacity();
    network.unselectAll();
    computeActive();
    refreshViews();
    applyDim();
    layers.settle();
    network.redraw();
  }
  function isDimmed(id) { return highlight !== null && !highlight.nodes.has(id); }
  network.on("click", function (params) {
    if (params.nodes.length) { select(params.nodes[0], false); return; }
    if (params.edges.length) { showEdge(params.edges[0]); return; }
    var hitId = LOD ? layers.hit(params.pointer.DOM.x, params.pointer.DOM.y) : null;
    if (hitId !== null) { select(hitId, false); return; }
    var edgeId = LOD ? layers.hitEdge(params.pointer.DOM.x, params.pointer.DOM.y) : null;
    if (edgeId !== null) { showEdge(edgeId); } else { deselect(); }
  });

  // -- places that are not on the map -----------------------------------------------------
  var unplacedBox = document.getElementById("fg-unplaced-box");
  var unplacedList = document.getElementById("fg-unplaced");
  function renderUnplaced() {
    if (!MAP) { unplacedBox.hidden = true; return; }
    var list = data.nodes.filter(function (n) { return n.unplaced && passing.has(n.id); });
    unplacedBox.hidden = list.length === 0;
    document.getElementById("fg-unplaced-count").textContent = String(list.length);
    clear(unplacedList);
    list.slice(0, 300).forEach(function (n) {
      var li = el("li", null, n.label);
      li.tabIndex = 0;
      li.dataset.id = n.id;
      li.addEventListener("click", function () { select(n.id, false); });
      unplacedList.appendChild(li);
    });
  }
  renderUnplaced();
  updateCount();

  // -- search -----------------------------------------------------------------------------
  var search = document.getElementById("fg-search"), results = document.getElementById("fg-results");
  var searchStatus = document.getElementById("fg-search-status");
  function find(query) { return ranker.search(query, data.nodes); }
  function runSearch() {
    clear(results);
    var found = find(search.value);
    searchStatus.textContent = search.value.trim() ? found.length + " found" : "";
    found.slice(0, 100).forEach(function (n) {
      var li = el("li", null, n.label);
      li.tabIndex = 0;
      li.dataset.id = n.id;
      if (n.label_zh && n.label_zh !== n.label) { li.appendChild(el("span", "fg-sub", " " + n.label_zh)); }
      li.addEventListener("click", function () { select(n.id, true); });
      li.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(n.id, true); } });
      results.appendChild(li);
    });
    return found;
  }
  search.addEventListener("input", runSearch);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      var found = find(search.value);
      if (found.length) { select(found[0].id, true); }
    }
  });

  network.once("afterDrawing", function () {
    if (!LOD) { window.requestAnimationFrame(fitAll); }  // the canvas has its size now
    window.fgFirstFrame = timings.drawn = performance.now();
    document.body.setAttribute("data-ready", "1");
  });
  window.fgGraph = {
    data: data, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView,
    network: network, find: find, fold: ranker.fold, refresh: refresh, state: state,
    showNode: showNode, showEdge: showEdge, select: select, deselect: deselect,
    isDimmed: isDimmed, timings: timings, labelled: layers.labelled, worldZoom: worldZoom,
    shown: shown, layers: layers, page: page
  };
}());
