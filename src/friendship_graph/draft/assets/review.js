// The review page of a friendship-graph draft: one card per candidate fact, decisions kept
// in memory, downloaded as JSON. Every string from the data goes into the page as text
// (textContent), never as HTML; nothing is fetched.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("fg-data").textContent);
  var decisions = {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  // The sentence with every highlight marked (longest first, no overlaps).
  function highlighted(text, words) {
    var marks = [];
    words.slice().sort(function (a, b) { return b.length - a.length; }).forEach(function (w) {
      var from = 0, at;
      while (w && (at = text.indexOf(w, from)) >= 0) {
        var end = at + w.length;
        if (!marks.some(function (m) { return at < m[1] && m[0] < end; })) { marks.push([at, end]); }
        from = end;
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var out = document.createDocumentFragment(), position = 0;
    marks.forEach(function (m) {
      out.appendChild(document.createTextNode(text.slice(position, m[0])));
      out.appendChild(el("mark", null, text.slice(m[0], m[1])));
      position = m[1];
    });
    out.appendChild(document.createTextNode(text.slice(position)));
    return out;
  }

  function status() {
    var counts = { accept: 0, reject: 0, edit: 0 };
    Object.keys(decisions).forEach(function (k) { counts[decisions[k].decision] += 1; });
    var undecided = data.facts.length - counts.accept - counts.reject - counts.edit;
    document.getElementById("fg-status").textContent = counts.accept + " accepted, " +
      counts.edit + " edited, " + counts.reject + " rejected, " + undecided + " undecided";
  }

  function setDecision(fact, card, value) {
    var entry = decisions[fact.fact] || { fact: fact.fact };
    entry.decision = value;
    decisions[fact.fact] = entry;
    card.className = "fg-fact fg-" + value;
    card.querySelectorAll("input[type=radio]").forEach(function (r) { r.checked = r.value === value; });
    status();
  }

  function card(fact, index) {
    var box = el("section", "fg-fact");
    box.id = "fact-" + index;
    box.setAttribute("data-fact", fact.fact);
    box.appendChild(el("div", "fg-kind", fact.kind));
    box.appendChild(el("div", "fg-label", fact.label));
    var table = el("table", "fg-statements");
    fact.statements.forEach(function (s) {
      var row = el("tr");
      row.appendChild(el("td", null, s.property));
      row.appendChild(el("td", null, s.value));
      table.appendChild(row);
    });
    box.appendChild(table);
    fact.quotes.forEach(function (q) {
      var quote = el("blockquote", "fg-quote");
      quote.appendChild(highlighted(q.text, fact.highlights));
      quote.appendChild(el("div", "fg-paragraph", "paragraph " + q.paragraph));
      box.appendChild(quote);
    });
    var choice = el("div", "fg-choice");
    ["accept", "reject", "edit"].forEach(function (value) {
      var label = el("label");
      var radio = el("input");
      radio.type = "radio";
      radio.name = "decision-" + index;
      radio.value = value;
      radio.addEventListener("change", function () { setDecision(fact, box, value); });
      label.appendChild(radio);
      label.appendChild(document.createTextNode(" " + value));
      choice.appendChild(label);
    });
    box.appendChild(choice);
    var edit = el("div", "fg-edit-box");
    Object.keys(fact.editable).forEach(function (key) {
      var label = el("label", null, key);
      var input = el("input");
      input.type = "text";
      input.value = fact.editable[key];
      input.setAttribute("data-key", key);
      input.addEventListener("input", function () {
        var entry = decisions[fact.fact] || { fact: fact.fact, decision: "edit" };
        entry.values = entry.values || {};
        if (input.value === fact.editable[key]) { delete entry.values[key]; }
        else { entry.values[key] = input.value; }
        decisions[fact.fact] = entry;
        if (entry.decision !== "edit") { setDecision(fact, box, "edit"); }
      });
      label.appendChild(input);
      edit.appendChild(label);
    });
    box.appendChild(edit);
    var note = el("textarea", "fg-note");
    note.placeholder = "note (optional)";
    note.rows = 1;
    note.addEventListener("input", function () {
      var entry = decisions[fact.fact];
      if (entry) { entry.note = note.value; }
    });
    box.appendChild(note);
    return box;
  }

  function all(value) {
    data.facts.forEach(function (fact, index) {
      if (!decisions[fact.fact]) { setDecision(fact, document.getElementById("fact-" + index), value); }
    });
  }

  function download() {
    var list = data.facts.filter(function (f) { return decisions[f.fact]; }).map(function (f) {
      var d = decisions[f.fact];
      var out = { fact: d.fact, decision: d.decision };
      if (d.decision === "edit" && d.values) { out.values = d.values; }
      if (d.note) { out.note = d.note; }
      return out;
    });
    var body = {
      format: data.format, draft: data.draft, draft_sha256: data.draft_sha256,
      reviewer: document.getElementById("fg-reviewer").value,
      reviewed: new Date().toISOString().slice(0, 19) + "Z", decisions: list
    };
    var blob = new Blob([JSON.stringify(body, null, 1)], { type: "application/json" });
    var link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = data.file.replace(/\.trig$/, "") + ".decisions.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  var main = document.getElementById("fg-facts");
  data.facts.forEach(function (fact, index) { main.appendChild(card(fact, index)); });
  document.getElementById("fg-accept-all").addEventListener("click", function () { all("accept"); });
  document.getElementById("fg-reject-all").addEventListener("click", function () { all("reject"); });
  document.getElementById("fg-download").addEventListener("click", download);
  status();
}());
