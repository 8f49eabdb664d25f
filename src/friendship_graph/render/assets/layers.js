/* friendship-graph page: what is drawn on the canvas under and over vis-network's nodes.
 * Under: the ocean, a faint graticule, Natural Earth's land and borders (map layout), the
 * flows between countries at world zoom, and a dot for every place vis-network does not hold
 * (large graphs). Over: labels of the most connected places in view, placed so that none
 * overlaps another. Sizes are in screen pixels, whatever the zoom. */
var fgLayers = (function () {
  "use strict";
  var OCEAN = "#eaf2f8", LAND = "#ebe6d6", COAST = "#a9bccb", BORDER = "#c2b89c";
  var GRATICULE = "#d6e3ec", DOT = "53,80,107", FLOW = "43,108,176", EDGE_ALPHA = 0.4;

  // One Path2D per line (in map units) with its bounding box, to draw only those in view.
  function decode(lines, units, scale, closed) {
    return lines.map(function (line) {
      var path = new Path2D(), x = 0, y = 0;
      var box = [Infinity, Infinity, -Infinity, -Infinity];
      for (var i = 0; i < line.length; i += 2) {
        x += line[i]; y += line[i + 1];
        var px = x / units * scale, py = -y / units * scale;
        if (i === 0) { path.moveTo(px, py); } else { path.lineTo(px, py); }
        if (px < box[0]) { box[0] = px; }
        if (py < box[1]) { box[1] = py; }
        if (px > box[2]) { box[2] = px; }
        if (py > box[3]) { box[3] = py; }
      }
      if (closed) { path.closePath(); }
      return { path: path, box: box };
    });
  }
  function visible(parts, r) {
    var path = new Path2D();
    for (var i = 0; i < parts.length; i++) {
      var b = parts[i].box;
      if (b[2] >= r.x0 && b[0] <= r.x1 && b[3] >= r.y0 && b[1] <= r.y1) { path.addPath(parts[i].path); }
    }
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
    function drawBasemap(ctx, scale, r) {
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
      var land = visible(m.land, r), borders = visible(m.borders, r);
      ctx.fillStyle = LAND;
      ctx.fill(land);
      ctx.strokeStyle = COAST;
      ctx.lineWidth = 0.8 / scale;
      ctx.stroke(land);
      ctx.strokeStyle = BORDER;
      ctx.lineWidth = 0.9 / scale;
      ctx.stroke(borders);
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
    function drawDots(ctx, scale, nodes, skip, dim, r, grow) {
      var small = new Path2D(), big = new Path2D();
      for (var i = 0; i < nodes.length; i++) {
        var n = nodes[i];
        if (n.x < r.x0 || n.x > r.x1 || n.y < r.y0 || n.y > r.y1 || skip.has(n.id)) { continue; }
        var d = n.dot * grow / scale, path = n.dot > 2.2 ? big : small;
        path.moveTo(n.x + d, n.y);
        path.arc(n.x, n.y, d, 0, 2 * Math.PI);
      }
      ctx.fillStyle = "rgba(" + DOT + "," + (dim ? 0.15 : 0.4) + ")";
      ctx.fill(small);
      ctx.fillStyle = "rgba(" + DOT + "," + (dim ? 0.25 : 0.7) + ")";
      ctx.fill(big);
    }
    // The links of the places in view, one path per colour and dash: a few strokes for
    // thousands of links.
    function drawEdges(ctx, scale, edges) {
      var groups = new Map();
      edges.forEach(function (e) {
        var a = page.node(e.from), b = page.node(e.to), key = e.color + (e.dashed ? "/d" : "");
        if (!groups.has(key)) { groups.set(key, { color: e.color, dashed: e.dashed, path: new Path2D() }); }
        var path = groups.get(key).path;
        path.moveTo(a.x, a.y);
        path.lineTo(b.x, b.y);
      });
      ctx.globalAlpha = EDGE_ALPHA;
      ctx.lineWidth = 1 / scale;
      groups.forEach(function (g) {
        ctx.setLineDash(g.dashed ? [5 / scale, 4 / scale] : []);
        ctx.strokeStyle = g.color;
        ctx.stroke(g.path);
      });
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
    }
    // At world zoom everything under the network is one picture, drawn again only when what
    // it shows changes (filters, selection), not in every frame of a pan or zoom.
    var WORLD = { x0: -180 * s, y0: -90 * s, x1: 180 * s, y1: 90 * s }, picture = null;
    function worldPicture(fit) {
      var key = page.version() + "/" + page.selected() + "/" + fit;
      if (picture && picture.key === key) { return picture.canvas; }
      var bs = Math.min(0.8, fit * 2.5), w = Math.ceil(360 * s * bs), h = Math.ceil(180 * s * bs);
      var canvas = picture ? picture.canvas : document.createElement("canvas");
      canvas.width = w;
      canvas.height = h;
      var c = canvas.getContext("2d"), dim = page.selected() !== null, grow = bs / fit;
      c.setTransform(bs, 0, 0, bs, 180 * s * bs, 90 * s * bs);
      if (data.layout === "map") { drawBasemap(c, fit, WORLD); }
      var flows = page.flows();
      if (flows) { drawFlows(c, fit, flows, dim); }
      drawDots(c, fit, page.dotNodes(), page.active(), dim, WORLD, 1);
      picture = { key: key, canvas: canvas };
      return canvas;
    }
    // Labels, most important first, each only where it overlaps no label placed before it:
    // on ``ctx`` whose pixels start at the view's (ox, oy) DOM pixels, w x h of them.
    function drawLabels(ctx, ox, oy, w, h, limit) {
      var scale = view.scale, t = view.translation;
      var candidates = page.labelCandidates(), cell = 80, grid = new Map();
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
      ctx.font = "12px system-ui, 'Noto Sans', 'Noto Sans CJK SC', sans-serif";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      var placed = [], ids = [];
      for (var i = 0; i < candidates.length && placed.length < limit; i++) {
        var n = candidates[i], sx = n.x * scale + t.x - ox, sy = n.y * scale + t.y - oy;
        if (sx < 0 || sy < 0 || sx > w || sy > h) { continue; }
        if (n.textWidth === undefined) { n.textWidth = ctx.measureText(n.label).width; }
        var gap = (n.dot || 3) + 3;
        var box = [sx + gap - 2, sy - 8, sx + gap + n.textWidth + 2, sy + 8];
        if (!free(box)) {
          box = [sx - gap - n.textWidth - 2, sy - 8, sx - gap + 2, sy + 8];
          if (!free(box)) { continue; }
        }
        take(box);
        placed.push([n, box[0] + 2, sy]);
      }
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.fillStyle = "#1d2733";
      placed.forEach(function (p) {
        ctx.strokeText(p[0].label, p[1], p[2]);
        ctx.fillText(p[0].label, p[1], p[2]);
        ids.push(p[0].id);
      });
      return ids;
    }
    // What is under and over vis-network is drawn once for the view at rest, with a margin of
    // half a view on every side, into two pictures; while the view moves, the pictures move
    // with it (a canvas draws a picture far faster than thousands of shapes and labels), and
    // they are drawn again once it is at rest (settle), or at once when the view leaves them.
    var pictures = null;
    function settle() {
      pictures = null;
      labelled = [];
      if (!page.lod) { return; }
      var c = network.canvas.frame.canvas, w = c.clientWidth, h = c.clientHeight;
      var ratio = network.canvas.pixelRatio || 1, scale = view.scale, t = view.translation;
      var mx = Math.round(w / 2), my = Math.round(h / 2), W = w + 2 * mx, H = h + 2 * my;
      var r = { x0: (-t.x - mx) / scale, y0: (-t.y - my) / scale,
                x1: (W - t.x - mx) / scale, y1: (H - t.y - my) / scale };
      function canvas() {
        var out = document.createElement("canvas");
        out.width = Math.ceil(W * ratio);
        out.height = Math.ceil(H * ratio);
        return out;
      }
      var under = null;
      if (!(data.layout === "map" && page.worldZoom())) {
        under = canvas();
        var u = under.getContext("2d");
        u.setTransform(ratio * scale, 0, 0, ratio * scale, ratio * (t.x + mx), ratio * (t.y + my));
        if (data.layout === "map") { drawBasemap(u, scale, r); }
        drawDots(u, scale, page.dotNodes(), page.active(), page.selected() !== null, r, 1);
        drawEdges(u, scale, page.edgeList());
      }
      var over = canvas(), o = over.getContext("2d");
      o.setTransform(ratio, 0, 0, ratio, 0, 0);
      labelled = drawLabels(o, -mx, -my, W, H, page.labelLimit() * (page.worldZoom() ? 1 : 4));
      pictures = { under: under, over: over, rect: r, scale: scale };
    }
    function usable() {
      if (!pictures) { return false; }
      var r = viewRect(0), p = pictures.rect, zoom = view.scale / pictures.scale;
      return zoom > 0.6 && zoom < 4 && r.x0 >= p.x0 && r.x1 <= p.x1 && r.y0 >= p.y0 && r.y1 <= p.y1;
    }
    function place(ctx, picture) {
      var p = pictures.rect;
      ctx.drawImage(picture, p.x0, p.y0, p.x1 - p.x0, p.y1 - p.y0);
    }
    function before(ctx) {
      var scale = view.scale, r = viewRect(8), ready = usable();
      ctx.save();
      var fit = page.fitScale();
      // Zooming in from the world, until the view comes to rest: the world's picture.
      if (page.lod && data.layout === "map" && (page.worldZoom() ||
          (!(ready && pictures.under) && scale < 6 * fit))) {
        ctx.drawImage(worldPicture(fit), -180 * s, -90 * s, 360 * s, 180 * s);
      } else if (page.lod && ready && pictures.under) {
        place(ctx, pictures.under);
      } else {
        if (data.layout === "map") { drawBasemap(ctx, scale, r); }
        if (page.lod) {
          drawDots(ctx, scale, page.dotNodes(), page.active(), page.selected() !== null, r, 1);
          drawEdges(ctx, scale, page.edgeList());
        }
      }
      ctx.restore();
    }
    function after(ctx) {
      if (!page.lod) { return; }
      ctx.save();
      if (usable()) {
        place(ctx, pictures.over);
      } else {
        var ratio = network.canvas.pixelRatio || 1, c = network.canvas.frame.canvas;
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        labelled = drawLabels(ctx, 0, 0, c.clientWidth, c.clientHeight, page.labelLimit());
      }
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
    // The link drawn by drawEdges nearest to a point (DOM pixels), within 4 px.
    function hitEdge(domX, domY) {
      var scale = view.scale, t = view.translation, best = null, bestD = 16;
      page.edgeList().forEach(function (e) {
        var a = page.node(e.from), b = page.node(e.to);
        var ax = a.x * scale + t.x, ay = a.y * scale + t.y, bx = b.x * scale + t.x, by = b.y * scale + t.y;
        var dx = bx - ax, dy = by - ay, len = dx * dx + dy * dy;
        var k = len ? Math.max(0, Math.min(1, ((domX - ax) * dx + (domY - ay) * dy) / len)) : 0;
        var ex = ax + k * dx - domX, ey = ay + k * dy - domY, d = ex * ex + ey * ey;
        if (d < bestD) { bestD = d; best = e.id; }
      });
      return best;
    }
    return { before: before, after: after, hit: hit, hitEdge: hitEdge, viewRect: viewRect, settle: settle,
             labelled: function () { return labelled.slice(); } };
  }
  return { make: make };
}());
