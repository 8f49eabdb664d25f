/* friendship-graph page: the search ranking of friendship_graph.names, ported.
 * Every node carries its search keys, folded in Python (names.keys: the name and, for Chinese
 * names, its pinyin). Here only the typed query is folded, the same way (case, accents,
 * width, traditional characters, separators), and ranked against the keys: exact, then
 * prefix, then whole word, then contains; places first at equal rank, then by name. */
var fgRank = (function () {
  "use strict";
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87a][\udc00-\udfff]/g;
  // Letters that do not decompose into a base letter and an accent (names._UNDECOMPOSED),
  // and the final sigma, which Python's casefold folds and toLowerCase keeps.
  var UNDECOMPOSED = { "\u00f8": "o", "\u0111": "d", "\u0127": "h", "\u0131": "i",
    "\u0142": "l", "\u0167": "t", "\u00e6": "ae", "\u0153": "oe", "\u00df": "ss",
    "\u00fe": "th", "\u00f0": "d", "\u03c2": "\u03c3" };
  var UNDECOMPOSED_RE = /[\u00f8\u0111\u0127\u0131\u0142\u0167\u00e6\u0153\u00df\u00fe\u00f0\u03c2]/g;
  var MARKS = /\p{Mn}/gu;
  var SEPARATORS = /[^\p{L}\p{N}]+|_+/gu;

  function make(traditional, separatingMarks) {
    var keep = new Set(Array.from(separatingMarks || ""));
    function fold(text) {
      var s = String(text).replace(HAN, function (ch) { return traditional[ch] || ch; });
      s = s.toLowerCase().normalize("NFKD");
      // Combining marks go (accents); the few marks that do not combine separate words.
      s = s.replace(MARKS, function (m) { return keep.has(m) ? " " : ""; });
      s = s.replace(UNDECOMPOSED_RE, function (ch) { return UNDECOMPOSED[ch]; });
      return s.normalize("NFC").replace(SEPARATORS, " ").trim();
    }
    function rankOne(wanted, key) {
      if (key === wanted) { return 0; }
      if (key.lastIndexOf(wanted, 0) === 0) { return 1; }
      if ((" " + key + " ").indexOf(" " + wanted + " ") !== -1) { return 2; }
      if (key.indexOf(wanted) !== -1) { return 3; }
      return -1;
    }
    // names.match_rank on keys folded already: -1 when nothing matches.
    function matchRank(wanted, keys) {
      var joined = wanted.replace(/ /g, ""), best = -1;
      for (var i = 0; i < keys.length; i++) {
        var r = rankOne(wanted, keys[i]);
        if (r < 0 && joined !== wanted) { r = rankOne(joined, keys[i]); }
        if (r >= 0 && (best < 0 || r < best)) {
          best = r;
          if (best === 0) { break; }
        }
      }
      return best;
    }
    function compare(a, b) { return a < b ? -1 : (a > b ? 1 : 0); }
    // The nodes matching ``query``, best first (render.search.rank_nodes in Python).
    function search(query, nodes) {
      var wanted = fold(query);
      if (!wanted) { return []; }
      var found = [];
      for (var i = 0; i < nodes.length; i++) {
        var n = nodes[i], r = matchRank(wanted, n.keys || []);
        if (r >= 0) { found.push([r, n.place ? 0 : 1, fold(n.label), n.id, n]); }
      }
      found.sort(function (a, b) {
        return a[0] - b[0] || a[1] - b[1] || compare(a[2], b[2]) || compare(a[3], b[3]);
      });
      return found.map(function (f) { return f[4]; });
    }
    return { fold: fold, matchRank: matchRank, search: search };
  }
  return { make: make };
}());
