// The workbench of `friendship-graph serve`: a SPARQL editor, the named queries as forms,
// results as a table, a network or a map, and downloads. Every string from the server goes
// into the page as text (textContent), never as HTML.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var SPARQL_JSON = "application/sparql-results+json";
  var state = { catalogue: null, last: null, view: "table", prefixes: {} };
  var editor = CodeMirror($("wb-editor"), { mode: "sparql", lineNumbers: true,
    extraKeys: { "Ctrl-Enter": function () { runEditor(); } } });

  function status(text, error) {
    $("wb-status").textContent = text;
    $("wb-status").className = error ? "wb-error" : "";
  }

  function prefixed(iri) {
    var best = null;
    Object.keys(state.prefixes).forEach(function (p) {
      var ns = state.prefixes[p];
      if (iri.indexOf(ns) === 0 && iri.length > ns.length && (!best || ns.length > best[1].length)) {
        best = [p, ns];
      }
    });
    return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
  }

  function form(fields) {
    return Object.keys(fields).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(fields[k]);
    }).join("&");
  }

  // -- the request of the last run, and running it --------------------------------------------
  function requestOf(source) {  // source: {query} or {name, params}
    if (source.query !== undefined) { return { url: "/sparql", fields: { query: source.query } }; }
    var fields = { name: source.name };
    Object.keys(source.params).forEach(function (k) { fields["param." + k] = source.params[k]; });
    return { url: "/workbench/run", fields: fields };
  }

  function fetchAs(source, accept, extra) {
    var req = requestOf(source);
    var fields = Object.assign({}, req.fields, extra || {});
    return fetch(req.url, { method: "POST", body: form(fields), headers: {
      "Content-Type": "application/x-www-form-urlencoded", "Accept": accept } })
      .then(function (response) {
        if (!response.ok) {
          return response.text().then(function (t) { throw new Error(t.trim() || response.statusText); });
        }
        return response;
      });
  }

  function run(source) {
    var started = performance.now();
    status("running…");
    state.last = source;
    return fetchAs(source, SPARQL_JSON).then(function (r) { return r.json(); }).then(function (json) {
      var ms = Math.round(performance.now() - started);
      showTable(json);
      var rows = json.results ? json.results.bindings.length : 0;
      status((json.results ? rows + " row(s)" : "answer: " + json.boolean) + " in " + ms + " ms");
      document.body.dataset.lastRoundTrip = String(ms);
      $("wb-download-csv").disabled = $("wb-download-json").disabled = false;
      var vars = (json.head && json.head.vars) || [];
      var hasCoords = vars.some(function (v) { return /^(lat|latitude)$/i.test(v); }) &&
        vars.some(function (v) { return /^(long|lon|lng|longitude)$/i.test(v); });
      tab("map").disabled = !hasCoords;
      tab("network").disabled = !json.results;
      if (state.view !== "table" && !tab(state.view).disabled) { showFrame(state.view); } else { select("table"); }
      document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
    }).catch(function (error) { status(error.message, true); });
  }

  // -- the table -----------------------------------------------------------------------------
  function showTable(json) {
    var table = $("wb-table");
    table.textContent = "";
    var vars = (json.head && json.head.vars) || [];
    var head = table.createTHead().insertRow();
    if (!json.results) {
      head.appendChild(document.createElement("th")).textContent = "ASK";
      table.insertRow().insertCell().textContent = String(json.boolean);
      return;
    }
    vars.forEach(function (v) { head.appendChild(document.createElement("th")).textContent = v; });
    var body = table.createTBody();
    json.results.bindings.forEach(function (b) {
      var row = body.insertRow();
      vars.forEach(function (v) {
        var cell = row.insertCell();
        var term = b[v];
        if (!term) { return; }
        if (term.type === "uri") {
          cell.className = "wb-iri";
          cell.title = term.value;
          cell.textContent = prefixed(term.value);
        } else {
          cell.textContent = term.value;
          if (term["xml:lang"]) { cell.lang = term["xml:lang"]; }
        }
      });
    });
  }

  // -- views ---------------------------------------------------------------------------------
  function tab(view) { return document.querySelector('#wb-tabs [data-view="' + view + '"]'); }

  function select(view) {
    state.view = view;
    Array.prototype.forEach.call(document.querySelectorAll("#wb-tabs button"), function (b) {
      b.setAttribute("aria-selected", String(b.dataset.view === view));
    });
    $("wb-table-view").hidden = view !== "table";
    $("wb-frame").hidden = $("wb-frame-hint").hidden = view === "table";
  }

  function showFrame(view) {
    select(view);
    var req = requestOf(state.last);
    var fields = Object.assign({ layout: view === "map" ? "map" : "force" }, req.fields);
    $("wb-frame").src = "/workbench/view?" + form(fields);
  }

  Array.prototype.forEach.call(document.querySelectorAll("#wb-tabs button"), function (b) {
    b.addEventListener("click", function () {
      if (b.dataset.view === "table") { select("table"); } else if (state.last) { showFrame(b.dataset.view); }
    });
  });

  // The network page in the frame tells which node was clicked: run `partners` for it.
  window.addEventListener("message", function (event) {
    if (event.source !== $("wb-frame").contentWindow || !event.data) { return; }
    var id = event.data.fgSelect;
    if (typeof id !== "string" || !/^https?:\/\//.test(id)) { return; }
    $("wb-query-name").value = "partners";
    showParams();
    var input = $("wb-params").querySelector('[name="place"]');
    if (input) { input.value = id; }
    run({ name: "partners", params: { place: id } });
  });

  // -- downloads -----------------------------------------------------------------------------
  function download(accept, extension) {
    if (!state.last) { return; }
    fetchAs(state.last, accept).then(function (r) { return r.blob(); }).then(function (blob) {
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (state.last.name || "query") + "." + extension;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
    }).catch(function (error) { status(error.message, true); });
  }
  $("wb-download-csv").addEventListener("click", function () { download("text/csv", "csv"); });
  $("wb-download-json").addEventListener("click", function () { download(SPARQL_JSON, "json"); });

  // -- named queries as forms ----------------------------------------------------------------
  function current() {
    var name = $("wb-query-name").value;
    return state.catalogue.queries.filter(function (q) { return q.name === name; })[0];
  }

  function showParams() {
    var query = current();
    var box = $("wb-params");
    box.textContent = "";
    $("wb-query-description").textContent = query.description;
    query.parameters.forEach(function (p) {
      var label = box.appendChild(document.createElement("label"));
      label.textContent = p.name + (p.required ? " (required)" : "") + " — " + p.type;
      var input = box.appendChild(document.createElement("input"));
      input.name = p.name;
      input.required = p.required;
      input.title = p.description;
      input.placeholder = p.type === "date" ? "YYYY, YYYY-MM or YYYY-MM-DD" : p.description;
      if (p.type === "integer") { input.inputMode = "numeric"; }
      label.htmlFor = input.id = "wb-param-" + p.name;
    });
  }

  function namedSource() {
    var params = {};
    Array.prototype.forEach.call($("wb-params").querySelectorAll("input"), function (input) {
      if (input.value.trim()) { params[input.name] = input.value.trim(); }
    });
    return { name: current().name, params: params };
  }

  function runEditor() { return run({ query: editor.getValue() }); }

  $("wb-query-name").addEventListener("change", showParams);
  $("wb-params").addEventListener("submit", function (e) { e.preventDefault(); run(namedSource()); });
  $("wb-run-named").addEventListener("click", function () { run(namedSource()); });
  $("wb-edit-named").addEventListener("click", function () { editor.setValue(current().text); });
  $("wb-run").addEventListener("click", runEditor);

  fetch("/workbench/queries", { headers: { "Accept": "application/json" } })
    .then(function (r) { return r.json(); }).then(function (catalogue) {
      state.catalogue = catalogue;
      state.prefixes = catalogue.prefixes;
      var select = $("wb-query-name");
      catalogue.queries.forEach(function (q) {
        var option = select.appendChild(document.createElement("option"));
        option.value = q.name;
        option.textContent = q.name;
      });
      showParams();
      var header = Object.keys(catalogue.prefixes).map(function (p) {
        return "PREFIX " + p + ": <" + catalogue.prefixes[p] + ">";
      }).join("\n");
      editor.setValue(header + "\n\n" + catalogue.example + "\n");
      document.body.dataset.ready = "true";
    }).catch(function (error) { status("cannot read the named queries: " + error.message, true); });
}());
