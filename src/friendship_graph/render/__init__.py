"""Interactive HTML of a network projection: one self-contained, offline, safe file.

The page is built with pyvis: a ``pyvis.network.Network`` holds the node and edge lists and
renders this package's own Jinja2 template (``render/templates/graph.html``, set with pyvis's
``set_template_dir``) instead of pyvis's default one, which loads Bootstrap and tom-select
from CDNs and renders some data unescaped. The page is drawn by vis-network (the copy shipped
in the pyvis wheel, inlined from ``render/assets/``: nothing is fetched).
The data goes into the page once, as JSON in a ``<script type="application/json">`` element
with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped; the page's script puts every string from
the data into the page as text (``textContent``), never as HTML.

Node and edge lists are built in one pass (never pyvis ``add_edge`` / ``from_nx``, which are
quadratic); positions are computed in Python (:mod:`.layout`) and physics is off, so large
graphs draw at once. Colours, shapes, dashes and legend labels come from the ontology
(:mod:`.style`); every node carries its search keys (:mod:`.search`); the map layout carries
Natural Earth's land and borders (:mod:`.basemap`). The page's scripts (``rank.js``,
``layers.js``, ``panel.js``, ``app.js``) run as one. Views of a store (an event's, a place's,
the names in every language) are in :mod:`.views`. The same graph, layout, title and seed
give a byte-identical file.

>>> from friendship_graph.render import write_html
>>> write_html(graph, "jinzhong.html", layout="force", title="Jinzhong")  # doctest: +SKIP
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from ..resources import new_file_mode
from ..vocab import PREFIXES
from .basemap import basemap
from .errors import HtmlExportError
from .layout import LAYOUTS, MAP_SCALE, RING_RADIUS, compute_layout
from .search import node_keys, separating_marks, traditional_map
from .style import COUNTRY_PALETTE, Styles

__all__ = [
    "LAYOUTS",
    "HtmlExportError",
    "HtmlView",
    "HtmlReport",
    "page_data",
    "to_html",
    "write_html",
    "show_html",
    "script_json",
    "read_page_data",
    "event_subgraph",
    "add_node_quotes",
    "add_node_names",
    "view_title",
    "export_html",
]

ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_FILE = "graph.html"
#: The page's own scripts, in order: the search ranking, the canvas layers, the panel's
#: legend and details, the page.
APP_SCRIPTS = ("rank.js", "layers.js", "panel.js", "app.js")

#: Node attributes shown from the style tables rather than repeated in ``attrs``.
_NODE_KNOWN = {"label", "label_zh", "alt_labels", "type", "type_label", "country",
               "country_label", "names", "context"}
_EDGE_KNOWN = {"relation", "relation_label", "status", "status_label", "context"}
_YEAR = re.compile(r"^\s*(-?\d{1,4})")


# -- the embedded data ---------------------------------------------------------------------


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&``, U+2028,
    U+2029 (and lone surrogates) are written as ``\\uXXXX`` escapes, so no data can close the
    element or start a comment, and the text stays valid UTF-8."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    text = (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text)


_DATA_ELEMENT = re.compile(
    r'<script type="application/json" id="fg-(data|nodes|edges)">(.*?)</script>',
    re.DOTALL)


def read_page_data(html: str) -> dict:
    """The JSON data embedded in a page written by :func:`to_html` (for tests and tools):
    the page data with its ``nodes`` and ``edges``."""
    parts = {name: json.loads(text) for name, text in _DATA_ELEMENT.findall(html)}
    if "data" not in parts:
        raise HtmlExportError("no friendship-graph data found in the HTML")
    data = parts.pop("data")
    data.update(parts)
    return data


def _value(value: Any) -> Any:
    """An attribute value for the page: numbers stay numbers, everything else is text."""
    if value is None or type(value) is str:
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        return float(value) if math.isfinite(value) else None
    return str(value)


def _year(value: Any) -> int | None:
    if value is None:
        return None
    match = _YEAR.match(str(value))
    return int(match.group(1)) if match else None


def _edge_years(data: dict) -> tuple[int | None, int | None]:
    """The years an edge is in force: from its start (else intended, else date) to its end
    (else, for a one-off event with only a date, that year; else open)."""
    start = _year(data.get("start"))
    if start is None:
        start = _year(data.get("intended"))
    date = _year(data.get("date"))
    if start is None:
        start = date
    end = _year(data.get("end"))
    if end is None and data.get("start") is None and data.get("intended") is None:
        end = date
    return start, end


def _curves(edges: list[tuple]) -> list[float]:
    """A signed roundness per edge so that parallel edges between two nodes all show:
    one straight (odd counts), then pairs bending to either side, further each time."""
    counts: dict[tuple, int] = {}
    out = []
    totals: dict[tuple, int] = {}
    for u, v, *_ in edges:
        totals[(u, v)] = totals.get((u, v), 0) + 1
    for u, v, *_ in edges:
        index = counts.get((u, v), 0)
        counts[(u, v)] = index + 1
        total = totals[(u, v)]
        if total == 1:
            out.append(0.0)
            continue
        rank = index + (0 if total % 2 else 1)  # even counts: no straight edge
        step = (rank + 1) // 2
        sign = 1 if rank % 2 else -1
        out.append(0.0 if rank == 0 else sign * min(0.9, 0.25 * step))
    return out


def page_data(graph: nx.MultiGraph, *, layout: str = "force", title: str = "friendship-graph",
              seed: int = 0, styles: Styles | None = None) -> dict:
    """Everything the page shows, as plain JSON-able data (sorted: deterministic)."""
    if layout not in LAYOUTS:
        raise HtmlExportError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    from ..vocab import FG

    styles = styles or Styles()

    kinds: dict[str, str] = {}

    def kind_of(node: Any) -> str:
        type_ = str(graph.nodes[node].get("type", ""))
        if type_ not in kinds:
            kinds[type_] = ("other" if not type_ or not styles.is_a(type_, FG.Place) else
                            "country" if styles.is_a(type_, FG.Country) else "place")
        return kinds[type_]

    anchors: dict = {}
    positions = compute_layout(graph, layout, seed=seed, kind_of=kind_of, anchors=anchors)
    degree = dict(graph.degree())

    ids = {node: str(node) for node in graph.nodes}
    if len(set(ids.values())) != len(ids):
        raise HtmlExportError("two nodes have the same id as text (such as 1 and '1'); "
                              "give the nodes distinct string ids")
    order = sorted(graph.nodes, key=lambda n: ids[n])
    # Countries: the values of the nodes' "country" attribute.
    country_labels: dict[str, str] = {}
    for node in order:
        data = graph.nodes[node]
        if data.get("country") is not None:
            iri = str(data["country"])
            label = data.get("country_label")
            if label is not None or iri not in country_labels:
                country_labels[iri] = str(label) if label is not None else iri
    for node in order:
        if ids[node] in country_labels and graph.nodes[node].get("label") is not None:
            country_labels[ids[node]] = str(graph.nodes[node]["label"])
    country_ids = sorted(country_labels)
    country_index = {iri: i for i, iri in enumerate(country_ids)}
    countries = [{"id": iri, "label": country_labels[iri],
                  "color": COUNTRY_PALETTE[i % len(COUNTRY_PALETTE)], "count": 0}
                 for i, iri in enumerate(country_ids)]

    type_labels: dict[str, str | None] = {}
    for node in order:
        data = graph.nodes[node]
        iri = str(data.get("type", ""))
        if type_labels.get(iri) is None:
            label = data.get("type_label")
            type_labels[iri] = str(label) if label is not None else None
    class_ids = sorted(type_labels)
    class_index = {iri: i for i, iri in enumerate(class_ids)}
    classes = []
    for iri in class_ids:
        fallback = type_labels[iri]
        if iri:
            entry = {"id": iri, **styles.node_class(iri, fallback)}
        else:
            entry = {"id": "", **styles.node_class("", "other")} | {"label": "other"}
        classes.append({**entry, "count": 0})

    nodes = []
    for node in order:
        data = graph.nodes[node]
        item: dict[str, Any] = {"id": ids[node], "type": class_index[str(data.get("type", ""))]}
        item["label"] = str(data["label"]) if data.get("label") is not None else ids[node]
        if data.get("label_zh") is not None:
            item["label_zh"] = str(data["label_zh"])
        if data.get("alt_labels"):
            item["alt"] = [a for a in str(data["alt_labels"]).split("|") if a]
        if data.get("country") is not None:
            item["country"] = country_index[str(data["country"])]
            countries[item["country"]]["count"] += 1
        classes[item["type"]]["count"] += 1
        if node in positions:
            item["x"], item["y"] = positions[node]
        else:
            item["unplaced"] = True
        if node in anchors:
            item["anchor"] = ids[anchors[node]]
        if kind_of(node) != "other":
            item["place"] = True
        if data.get("context"):
            item["context"] = True
        item["deg"] = degree[node]
        names = [item["label"], item.get("label_zh"), *item.get("alt", ()),
                 *str(data.get("names") or "").split("|")]
        item["keys"] = node_keys(n for n in names if n)
        attrs = {}
        for k, v in data.items():
            if k not in _NODE_KNOWN:
                value = _value(v)
                if value is not None:
                    attrs[str(k)] = value
        item["attrs"] = attrs
        nodes.append(item)

    raw = []
    for u, v, key, data in graph.edges(keys=True, data=True):
        a, b = sorted((ids[u], ids[v]))
        raw.append((a, b, str(key), data))
    raw.sort(key=lambda e: (e[0], e[1], e[2]))
    curves = _curves(raw)

    relation_labels: dict[str, str | None] = {}
    status_labels: dict[str, str | None] = {}
    for *_, data in raw:
        iri = str(data.get("relation", ""))
        if relation_labels.get(iri) is None:
            label = data.get("relation_label")
            relation_labels[iri] = str(label) if label is not None else None
        if data.get("status") is not None:
            iri = str(data["status"])
            if status_labels.get(iri) is None:
                label = data.get("status_label")
                status_labels[iri] = str(label) if label is not None else None
    relation_ids = sorted(relation_labels)
    relation_index = {iri: i for i, iri in enumerate(relation_ids)}
    relations = []
    for iri in relation_ids:
        fallback = relation_labels[iri]
        entry = styles.relation(iri, fallback) if iri else {**styles.relation("", "link"),
                                                            "label": "link"}
        relations.append({"id": iri, **entry, "count": 0})
    status_ids = sorted(status_labels)
    status_index = {iri: i for i, iri in enumerate(status_ids)}
    statuses = [{"id": iri, **styles.status(iri, status_labels[iri]), "count": 0}
                for iri in status_ids]

    edges = []
    for number, ((a, b, key, data), curve) in enumerate(zip(raw, curves, strict=True)):
        item = {"id": f"e{number}", "key": key, "from": a, "to": b,
                "relation": relation_index[str(data.get("relation", ""))]}
        relations[item["relation"]]["count"] += 1
        if data.get("status") is not None:
            item["status"] = status_index[str(data["status"])]
            statuses[item["status"]]["count"] += 1
        y0, y1 = _edge_years(data)
        if y0 is not None:
            item["y0"] = y0
        if y1 is not None:
            item["y1"] = y1
        if curve:
            item["curve"] = curve
        if data.get("context"):
            item["context"] = True
        attrs = {}
        for k, v in data.items():
            if k not in _EDGE_KNOWN and not (k == "id" and v == key):
                value = _value(v)
                if value is not None:
                    attrs[str(k)] = value
        item["attrs"] = attrs
        edges.append(item)

    big = len(nodes) > 2000 or len(edges) > 4000
    years = [y for e in edges for y in (e.get("y0"), e.get("y1")) if y is not None]
    years += [y for n in order for k in ("date", "start", "end")
              if (y := _year(graph.nodes[n].get(k))) is not None]
    extra: dict[str, Any] = {}
    if layout == "map":
        extra["basemap"] = basemap()
    return {
        **extra,
        "years": [min(years), max(years)] if years else None,
        "traditional": traditional_map(k for n in nodes for k in n["keys"]),
        "marks": separating_marks(),
        "version": 1,
        "title": str(title),
        "layout": layout,
        "seed": int(seed),
        "map_scale": MAP_SCALE,
        "ring_radius": RING_RADIUS,
        "prefixes": {k: PREFIXES[k] for k in ("fg", "fgc", "id", "graph", "wd")},
        "big": big,
        "classes": classes,
        "relations": relations,
        "statuses": statuses,
        "countries": countries,
        "nodes": nodes,
        "edges": edges,
    }


# -- the page -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    out = {}
    for name in ("vis-network.min.js", "vis-network.css", *APP_SCRIPTS, "app.css"):
        text = (ASSETS / name).read_text(encoding="utf-8")
        lowered = text.lower()
        if "</script" in lowered or "</style" in lowered or "<!--" in lowered:
            raise HtmlExportError(f"{ASSETS / name} cannot be inlined: it contains "
                                  "'</script', '</style' or '<!--'")
        out[name] = text
    # The page's own scripts run as one script element (one hash in the CSP).
    out["app.js"] = "\n".join(out.pop(name) for name in APP_SCRIPTS)
    return out


def _network(data: dict) -> Any:
    """A pyvis ``Network`` holding the page's node and edge lists, set up to render our template
    through pyvis's template mechanism (``set_template_dir`` + ``generate_html``).

    Two pyvis behaviours are replaced, because they are unsafe with arbitrary data: pyvis dumps
    the node and edge lists into the page with plain ``json.dumps`` (a label ``</script>`` would
    close the script element), and renders without autoescaping (the heading is pasted as
    HTML). Here the lists are written with :func:`script_json` and the template environment
    autoescapes. pyvis's ``add_node``/``add_edge`` are not used (quadratic): the lists are
    built in one pass by :func:`page_data` and handed over whole.
    """
    from jinja2 import Environment, FileSystemLoader
    from markupsafe import Markup
    from pyvis.network import Network

    class ScriptSafeNetwork(Network):
        def get_network_data(self) -> tuple:
            return (Markup(script_json(self.nodes)), Markup(script_json(self.edges)),
                    self.heading, self.height, self.width, None)

    net = ScriptSafeNetwork(height="100%", width="100%", heading=data["title"],
                            cdn_resources="in_line")
    net.set_template_dir(str(TEMPLATES), TEMPLATE_FILE)
    net.templateEnv = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True,
                                  keep_trailing_newline=True)
    net.nodes = data.pop("nodes")
    net.edges = data.pop("edges")
    return net


def to_html(graph: nx.MultiGraph, *, layout: str = "force", title: str = "friendship-graph",
            seed: int = 0, styles: Styles | None = None) -> str:
    """The whole page for ``graph`` (a :func:`friendship_graph.network.to_networkx` projection)
    as a string, rendered by pyvis with our template (see :func:`_network`)."""
    from markupsafe import Markup

    data = page_data(graph, layout=layout, title=title, seed=seed, styles=styles)
    node_count, edge_count = len(data["nodes"]), len(data["edges"])
    assets = _assets()
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(assets[name].encode("utf-8")).digest())
        .decode("ascii") + "'" for name in ("vis-network.min.js", "app.js"))
    net = _network(data)
    net.templateEnv.globals.update(
        title=str(title),
        lang="en",
        script_hashes=Markup(hashes),
        vis_css=Markup(assets["vis-network.css"]),
        app_css=Markup(assets["app.css"]),
        vis_js=Markup(assets["vis-network.min.js"]),
        app_js=Markup(assets["app.js"]),
        data_json=Markup(script_json(data)),
        node_count=node_count,
        edge_count=edge_count,
    )
    return net.generate_html()


def write_html(graph: nx.MultiGraph, path: str | os.PathLike, *, layout: str = "force",
               title: str = "friendship-graph", seed: int = 0,
               styles: Styles | None = None) -> Path:
    """Write the page to ``path`` as UTF-8, atomically (a temporary file, then a rename)."""
    html = to_html(graph, layout=layout, title=title, seed=seed, styles=styles)
    return _write_atomic(Path(path), html)


def _write_atomic(path: Path, text: str) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise HtmlExportError(f"{path}: the folder {folder} does not exist; create it first")
    if path.is_dir():
        raise HtmlExportError(f"{path} is a folder; give a file name such as {path / 'graph.html'}")
    temp: str | None = None
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temp, new_file_mode())
        os.replace(temp, path)
    except OSError as error:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
        reason = error.strerror or str(error)
        raise HtmlExportError(f"{path}: cannot write the HTML file ({reason})") from None
    return path


# -- Jupyter --------------------------------------------------------------------------------


class HtmlView:
    """The page of a graph, shown inline by Jupyter (``_repr_html_``: an ``<iframe srcdoc>``).

    IPython is not needed to make one; ``.html`` is the page, ``.save(path)`` writes it.
    """

    def __init__(self, graph: nx.MultiGraph, *, layout: str = "force",
                 title: str = "friendship-graph", seed: int = 0, height: int = 650) -> None:
        self.html = to_html(graph, layout=layout, title=title, seed=seed)
        self.height = int(height)

    def save(self, path: str | os.PathLike) -> Path:
        return _write_atomic(Path(path), self.html)

    def _repr_html_(self) -> str:
        from html import escape

        return (f'<iframe srcdoc="{escape(self.html, quote=True)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
                'sandbox="allow-scripts" title="friendship-graph"></iframe>')


def show_html(graph: nx.MultiGraph, **options: Any):  # noqa: ANN201
    """``IPython.display.HTML`` of the page (imports IPython only when called)."""
    from IPython.display import HTML

    return HTML(f"<div>{HtmlView(graph, **options)._repr_html_()}</div>")


from .views import (  # noqa: E402 - the views use write_html above
    HtmlReport,
    add_node_names,
    add_node_quotes,
    event_subgraph,
    export_html,
    view_title,
)
