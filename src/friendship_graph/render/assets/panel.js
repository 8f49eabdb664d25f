/* friendship-graph page: the panel's legend and details, and the helpers that put text on the
 * page. Every string from the data goes in with textContent (never innerHTML). */
var fgPanel = (function () {
  "use strict";
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
  function line(color, dashed) {
    var span = el("span", "fg-line" + (dashed ? " fg-dashed" : ""));
    span.style.borderTopColor = color || DEFAULT_EDGE;
    return span;
  }

  // Every class, relation kind and status of the view, with its count; notes on the map.
  function legend(data, options) {
    var classes = data.classes, relations = data.relations, statuses = data.statuses;
    var countries = data.countries;
    var legend = document.getElementById("fg-legend");
    function legendRow(swatch, text, count) {
      var row = el("div", "fg-legend-row");
      row.appendChild(swatch);
      row.appendChild(el("span", null, text));
      if (count !== undefined) { row.appendChild(el("span", "fg-count", count)); }
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
    if (options.context) { legendRow(line(options.contextColor, true), "context (not stated by the event)"); }
    if (options.flows) {
      legendRow(line("rgba(43,108,176,0.6)", false), "at world zoom: links between two countries, " +
        "one line per pair, wider for more links; zoom in to see each link");
    }
    if (countries.length) {
      legend.appendChild(el("p", "fg-hint", "Node borders: the country (see the country filter)."));
    }
    if (options.map) {
      legend.appendChild(el("p", "fg-hint", "Land and borders: Natural Earth (public domain); " +
        "equirectangular projection, graticule every 30\u00b0."));
    }
  }

  // The details of a node or a link: attributes, sources and supporting quotations.
  function details(data, nodeById, edgeById, options) {
    var classes = data.classes, relations = data.relations, statuses = data.statuses;
    var countries = data.countries;
    var target = document.getElementById("fg-details");
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
      clear(target);
      if (!n) { return; }
      target.appendChild(el("h3", null, n.label));
      var dl = el("dl");
      row(dl, "id", n.id);
      row(dl, "Chinese", n.label_zh);
      row(dl, "other names", (n.alt || []).join(", "));
      row(dl, "class", both(classes[n.type]));
      if (n.country !== undefined) { row(dl, "country", countries[n.country].label); }
      if (n.context) { row(dl, "layer", "context: not stated by the event"); }
      if (options.map && n.unplaced) { row(dl, "map", "no coordinates: not on the map"); }
      row(dl, "links", n.deg);
      Object.keys(n.attrs).forEach(function (k) {
        if (k !== "sources" && k !== "quotes") { row(dl, k, n.attrs[k]); }
      });
      target.appendChild(dl);
      target.appendChild(sources(n.attrs));
    }
    function showEdge(id) {
      var e = edgeById.get(id);
      clear(target);
      if (!e) { return; }
      var from = nodeById.get(e.from), to = nodeById.get(e.to);
      target.appendChild(el("h3", null, (from ? from.label : e.from) + " \u2014 " + (to ? to.label : e.to)));
      var dl = el("dl");
      row(dl, "relation", both(relations[e.relation]));
      if (e.status !== undefined) { row(dl, "status", both(statuses[e.status])); }
      if (e.context) { row(dl, "layer", "context: not stated by the event"); }
      row(dl, "key", e.key);
      Object.keys(e.attrs).forEach(function (k) {
        if (k !== "sources" && k !== "quotes") { row(dl, k, e.attrs[k]); }
      });
      target.appendChild(dl);
      target.appendChild(sources(e.attrs));
    }
    return { showNode: showNode, showEdge: showEdge };
  }
  return { el: el, clear: clear, both: both, line: line, legend: legend, details: details };
}());
