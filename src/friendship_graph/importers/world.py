"""Build the bundled world network (``data/world/world.nq.gz``) from the two third-party
datasets, merged with each other and with the rest of the bundled data.

``friendship-graph build-world`` (or :func:`build_world_network`) loads the bundled data
except the world network itself into an in-memory store, imports the Wikipedia twin-towns CSV
(``pairs`` importer) and then the Wikidata sister-cities GEXF (``gexf`` importer) -- so each
source resolves its places and partnerships against everything before it (Szolnok–Jinzhong
becomes the Jinzhong article's partnership, with Wikipedia as a second source) -- and writes
the two source graphs as sorted, gzipped N-Quads, plus the import reports as CSV and each
source's review list (CSV and HTML). Between the imports and the writing, positions the
Wikipedia list's geocoder put outside the place's country are replaced by Wikidata's where
Wikidata has the place (:func:`~.quality.correct_positions`).
See ``docs/world-network.md``.
"""

from __future__ import annotations

import gzip
import io
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from ..errors import FriendshipGraphError
from .gexf import import_gexf
from .pairs import import_pairs
from .quality import correct_positions
from .report import ImportReport
from .review import write_review_csv, write_review_html

__all__ = ["build_world_network", "WorldBuild", "WIKIPEDIA", "WIKIDATA", "WORLD_FILE",
           "world_inputs"]

#: Where the world network lives, relative to the data folder.
WORLD_FILE = Path("world") / "world.nq.gz"

CC_BY_SA = "https://creativecommons.org/licenses/by-sa/4.0/"
CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
MIT = "https://opensource.org/licenses/MIT"

#: Provenance of the Wikipedia twin-towns list (see shared/data/README.md next to the checkout).
WIKIPEDIA = {
    "name": "wikipedia-twin-towns",
    "title": "Lists of twin towns and sister cities (English Wikipedia), scraped and geocoded "
             "by the GitHub project Hekman/twincities",
    "source": "https://github.com/Hekman/twincities",
    "licenses": (CC_BY_SA, MIT),
    "rights": "List content from the English Wikipedia pages 'List of twin towns and sister "
              "cities in ...' (81 country pages), CC BY-SA 4.0, by Wikipedia contributors; "
              "scraped and geocoded (Wikipedia API, Nominatim) by Hekman/twincities "
              "(commit 84ebdec, MIT licence). Modified: normalised and merged by "
              "friendship-graph.",
}
#: Provenance of the Wikidata sister-cities graph.
WIKIDATA = {
    "name": "wikidata-sister-cities",
    "title": "Wikidata sister cities (P190 'twinned administrative body') between cities with "
             "more than 10,000 inhabitants, queried by the GitHub project "
             "albertoursino/graphs-comparison",
    "source": "https://github.com/albertoursino/graphs-comparison",
    "licenses": (CC0, MIT),
    "rights": "Wikidata content, CC0 1.0; query and GEXF export by "
              "albertoursino/graphs-comparison (commit e6e3612, MIT licence).",
    "retrieved": "2022-01-09",  # the GEXF file's <meta lastmodifieddate>
}


@dataclass
class WorldBuild:
    """The result of a world build: the file, the two import reports and timings."""

    path: Path
    reports: list[ImportReport] = field(default_factory=list)
    quads: int = 0
    seconds: float = 0.0
    size_bytes: int = 0
    corrected: int = 0  # places whose position outside their country another source corrected


#: Where a checkout finds the datasets by default: ``shared/data/`` next to it.
_SHARED = {"wikipedia": Path("wikipedia-twin-towns") / "twin_cities.csv",
           "wikidata": Path("wikidata-sister-cities") / "sister_cities.gexf"}
_NEEDS = ("the two third-party datasets are not part of the package: give --wikipedia "
          "PATH/twin_cities.csv (github.com/Hekman/twincities) and --wikidata "
          "PATH/sister_cities.gexf (github.com/albertoursino/graphs-comparison); "
          "see docs/world-network.md")


def world_inputs(twin_cities_csv: str | Path | None, sister_cities_gexf: str | Path | None,
                 output: str | Path | None) -> tuple[Path, Path, Path]:
    """The datasets and the output of a world build, with the defaults filled in: in a source
    checkout, ``shared/data/...`` next to it and ``data/world/world.nq.gz``; from an installed
    package there are none, and a missing one is an error that names the option to give."""
    from ..resources import checkout_dir, data_dir

    checkout = checkout_dir()
    shared = checkout.parent / "shared" / "data" if checkout is not None else None
    paths = []
    for given, key in ((twin_cities_csv, "wikipedia"), (sister_cities_gexf, "wikidata")):
        if given is not None:
            paths.append(Path(given))
        elif shared is not None and (shared / _SHARED[key]).is_file():
            paths.append(shared / _SHARED[key])
        else:
            raise FriendshipGraphError(f"build-world: no --{key} file; {_NEEDS}")
    if output is None:
        if checkout is None:
            raise FriendshipGraphError("build-world: give -o FILE.nq.gz: an installed package's "
                                       "bundled data is not rewritten in place")
        output = data_dir() / WORLD_FILE
    return paths[0], paths[1], Path(output)


def build_world_network(twin_cities_csv: str | Path | None, sister_cities_gexf: str | Path | None,
                        output: str | Path | None = None, *,
                        base_files: list[Path] | None = None,
                        reports_dir: str | Path | None = None, reports: bool = True,
                        progress: bool | None = None) -> WorldBuild:
    """Import both datasets (in that order) on top of ``base_files`` (default: the bundled
    data files except the world network) and write their graphs to ``output`` (.nq.gz).
    ``None`` for a dataset or the output: the defaults of :func:`world_inputs`. With
    ``reports``, the import reports are written as CSV to ``reports_dir`` (default:
    ``reports/`` next to the output)."""
    from ..store import Store
    from ..store.default import bundled_data_files

    start = time.perf_counter()
    twin_cities_csv, sister_cities_gexf, output = world_inputs(
        twin_cities_csv, sister_cities_gexf, output)
    for path in (twin_cities_csv, sister_cities_gexf):
        if not path.is_file():
            raise FriendshipGraphError(f"{path}: no such file; {_NEEDS}")
    if base_files is None:
        base_files = [p for p in bundled_data_files()
                      if p.resolve() != output.resolve() and "world" not in p.parts[-2:-1]]
    build = WorldBuild(output)
    with Store.memory() as store:
        if base_files:
            store.load_files([p for p in base_files if not p.name.endswith(".gz")])
        build.reports.append(import_pairs(store, twin_cities_csv, progress=progress,
                                          **WIKIPEDIA))  # type: ignore[arg-type]
        build.reports.append(import_gexf(store, sister_cities_gexf, progress=progress,
                                         **WIKIDATA))  # type: ignore[arg-type]
        build.corrected = correct_positions(store)
        lines: list[str] = []
        for report in build.reports:
            buffer = io.BytesIO()
            store.dump(buffer, format="nt", graph=URIRef(report.graph))
            for line in buffer.getvalue().decode("utf-8").splitlines():
                if line.strip():
                    lines.append(f"{line[:-1].rstrip()} <{report.graph}> .")
    lines.sort()
    output.parent.mkdir(parents=True, exist_ok=True)
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    with open(output, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                  filename="") as handle:
        handle.write(payload)
    build.quads = len(lines)
    build.size_bytes = output.stat().st_size
    if reports:
        reports_dir = Path(reports_dir) if reports_dir is not None else output.parent / "reports"
        reports_dir.mkdir(parents=True, exist_ok=True)
        for report in build.reports:
            name = report.graph.rsplit("/", 1)[-1]
            report.write_csv(reports_dir / f"{name}.report.csv")
            write_review_csv(report.review, reports_dir / f"{name}.review.csv")
            write_review_html(report.review, reports_dir / f"{name}.review.html",
                              f"Entity resolution of {name}: pairs to review")
    build.seconds = time.perf_counter() - start
    return build
