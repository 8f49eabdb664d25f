/* friendship-graph page: what is drawn on the canvas under and over vis-network's nodes.
 * Under: the ocean, a faint graticule, Natural Earth's land and borders (map layout), the
 * flows between countries at world zoom, and a dot for every place vis-network does not hold
 * (large graphs). Over: labels of the most connected places in view, placed so that none
 * overlaps another. Sizes are in screen pixels, whatever the zoom. */
var fgLayers = (function () {
  "use strict";
  var OCEAN = "#eaf2f8", LAND = "#ebe6d6", COAST = "#a9bccb", BORDER = "#c2b89c";
  var GRATICULE = "#d6e3ec", DOT = "53,80,107", FLOW = "43,108,176";

  function decode(lines, units, scale, closed) {
    var path = new Path2D();
    lines.forEach(function (line) {
      var x = 0, y = 0;
      for (var i = 0; i < line.length; i += 2) {
        x += line[i]; y += line[i + 1];
        var px = x / units * scale, py = -y / units * scale;
        if (i === 0) { path.moveTo(px, py); } else { path.lineTo(px, py); }
      }
      if (closed) { path.closePath(); }
    });
    return path;
  }

  function make(network, data, page) {
    var s = data.map_scale, maps = {};
    if (data.basemap) {
      ["110m", "50m"].forEach(function (r) {
        var b = data.basemap[r];
        maps[r] = { land: decode(b.land, data.basemap.units, s, true),
                    borders: decode(b.borders, data.basemap.units, s, false) };
      });
    }
    var view = network.body.view;
    var labelled = [];
    function viewRect(margin) {
      var c = network.canvas.frame.canvas, scale = view.scale, t = view.translation;
      var w = c.clientWidth, h = c.clientHeight, m = (margin || 0) / scale;
      return { x0: -t.x / scale - m, y0: -t.y / scale - m,
               x1: (w - t.x) / scale + m, y1: (h - t.y) / scale + m };
    }
    function drawBasemap(ctx, scale) {
      ctx.fillStyle = OCEAN;
      ctx.fillRect(-180 * s, -90 * s, 360 * s, 180 * s);
      ctx.strokeStyle = GRATICULE;
      ctx.lineWidth = 1 / scale;
      ctx.beginPath();
      for (var lon = -180; lon <= 180; lon += 30) { ctx.moveTo(lon * s, -90 * s); ctx.lineTo(lon * s, 90 * s); }
      for (var lat = -90; lat <= 90; lat += 30) { ctx.moveTo(-180 * s, lat * s); ctx.lineTo(180 * s, lat * s); }
      ctx.stroke();
      var m = maps[scale < 1.2 ? "110m" : "50m"];
      if (!m) { return; }
      ctx.fillStyle = LAND;
      ctx.fill(m.land);
      ctx.strokeStyle = COAST;
      ctx.lineWidth = 0.8 / scale;
      ctx.stroke(m.land);
      ctx.strokeStyle = BORDER;
      ctx.lineWidth = 0.9 / scale;
      ctx.stroke(m.borders);
    }
    function drawFlows(ctx, scale, flows, dim) {
      // Thin first, so that the big flows stay on top.
      for (var i = 0; i < flows.length; i++) {
        var f = flows[i], dx = f.bx - f.ax, dy = f.by - f.ay;
        ctx.strokeStyle = "rgba(" + FLOW + "," + (dim ? 0.12 : f.alpha) + ")";
        ctx.lineWidth = f.width / scale;
        ctx.beginPath();
        ctx.moveTo(f.ax, f.ay);
        ctx.quadraticCurveTo((f.ax + f.bx) / 2 - dy * 0.18, (f.ay + f.by) / 2 + dx * 0.18, f.bx, f.by);
        ctx.stroke();
      }
    }
    function drawDots(ctx, scale, nodes, skip, dim) {
      var r = viewRect(8), small = new Path2D(), big = new Path2D();
      for (var i = 0; i < nodes.length; i++) {
        var n = nodes[i];
        if (n.x < r.x0 || n.x > r.x1 || n.y < r.y0 || n.y > r.y1 || skip.has(n.id)) { continue; }
        var d = n.dot / scale;
        (n.dot > 2.2 ? big : small).rect(n.x - d, n.y - d, 2 * d, 2 * d);
      }
      ctx.fillStyle = "rgba(" + DOT + "," + (dim ? 0.15 : 0.45) + ")";
      ctx.fill(small);
      ctx.fillStyle = "rgba(" + DOT + "," + (dim ? 0.25 : 0.85) + ")";
      ctx.fill(big);
    }
    function before(ctx) {
      var scale = view.scale;
      ctx.save();
      if (data.layout === "map") { drawBasemap(ctx, scale); }
      if (page.lod) {
        var flows = page.flows();
        if (flows) { drawFlows(ctx, scale, flows, page.selected() !== null); }
        drawDots(ctx, scale, page.dotNodes(), page.active(), page.selected() !== null);
      }
      ctx.restore();
    }
    // Labels, most important first, each only where it overlaps no label placed before it.
    function after(ctx) {
      labelled = [];
      if (!page.lod) { return; }
      var scale = view.scale, t = view.translation, ratio = network.canvas.pixelRatio || 1;
      var c = network.canvas.frame.canvas, w = c.clientWidth, h = c.clientHeight;
      var candidates = page.labelCandidates(), limit = page.labelLimit();
      var cell = 80, grid = new Map();
      function free(box) {
        for (var gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++) {
          for (var gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) {
            var list = grid.get(gx + "," + gy) || [];
            for (var i = 0; i < list.length; i++) {
              var o = list[i];
              if (box[0] < o[2] && box[2] > o[0] && box[1] < o[3] && box[3] > o[1]) { return false; }
            }
          }
        }
        return true;
      }
      function take(box) {
        for (var gx = Math.floor(box[0] / cell); gx <= Math.floor(box[2] / cell); gx++) {
          for (var gy = Math.floor(box[1] / cell); gy <= Math.floor(box[3] / cell); gy++) {
            var key = gx + "," + gy;
            if (!grid.has(key)) { grid.set(key, []); }
            grid.get(key).push(box);
          }
        }
      }
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.font = "12px system-ui, 'Noto Sans', 'Noto Sans CJK SC', sans-serif";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      var placed = [];
      for (var i = 0; i < candidates.length && placed.length < limit; i++) {
        var n = candidates[i], sx = n.x * scale + t.x, sy = n.y * scale + t.y;
        if (sx < 0 || sy < 0 || sx > w || sy > h) { continue; }
        if (n.textWidth === undefined) { n.textWidth = ctx.measureText(n.label).width; }
        var gap = (n.dot || 3) + 3;
        var box = [sx + gap - 2, sy - 8, sx + gap + n.textWidth + 2, sy + 8];
        if (!free(box)) {
          box = [sx - gap - n.textWidth - 2, sy - 8, sx - gap + 2, sy + 8];
          if (!free(box)) { continue; }
        }
        take(box);
        placed.push([n, box[0] + 2]);
      }
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.fillStyle = "#1d2733";
      placed.forEach(function (p) {
        var n = p[0], sy = n.y * scale + t.y;
        ctx.strokeText(n.label, p[1], sy);
        ctx.fillText(n.label, p[1], sy);
        labelled.push(n.id);
      });
      ctx.restore();
    }
    // The place drawn as a dot nearest to a point of the canvas (DOM pixels), within 8 px.
    function hit(domX, domY) {
      var scale = view.scale, t = view.translation, best = null, bestD = 64;
      page.dotNodes().forEach(function (n) {
        var dx = n.x * scale + t.x - domX, dy = n.y * scale + t.y - domY, d = dx * dx + dy * dy;
        if (d < bestD) { bestD = d; best = n.id; }
      });
      return best;
    }
    return { before: before, after: after, hit: hit, viewRect: viewRect,
             labelled: function () { return labelled.slice(); } };
  }
  return { make: make };
}());
