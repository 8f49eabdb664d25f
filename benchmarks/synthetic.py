"""A synthetic world network of places, partnerships, agreements and events, for benchmarks.

Everything is generated from a seed and is clearly fake: the places are invented (made-up names
in Latin script with accents and in Chinese characters, random coordinates), their IRIs live
under ``id:synthetic/`` and every statement lives in ONE named graph,
``graph:synthetic``. The data uses the ontology's real terms (classes, properties and SKOS
concepts are read from the bundled ontology, not listed here), so that every named query runs
on it:

* countries (``fg:Country``, English and Chinese labels, ISO-like codes ``X0``...),
  first-level divisions, and cities (``fg:City`` or a subclass) with labels in two languages,
  sometimes an accented ``skos:altLabel``, ``fg:country``, ``fg:locatedIn``, ``geo:lat`` /
  ``geo:long`` and ``fg:population``;
* partnerships of every kind below ``fg:Partnership`` with two ``fg:partner`` (mostly in
  different countries, hubs by preferential attachment), a status, a level and dates given
  as ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``;
* agreements (subclasses of ``fg:Agreement``) with parties, signatures (signer, role, on
  behalf of), dates, the place of signing and cooperation areas;
* events of every kind below ``fg:Event``: delegation visits with origin, destination,
  visitor and purpose; summits and others with hosts, participants, a location and reported
  quantities;
* provenance: news-report sources with quotations, and ``fg:supportedBy`` on everything.

Use it from Python::

    from synthetic import generate
    path = generate(1_000_000, seed=1)      # cached: the same target and seed reuse the file

or from the command line::

    python benchmarks/synthetic.py --triples 1000000 -o out.nq
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from friendship_graph.ontology import load_ontology
from friendship_graph.vocab import FG, FGC, GEO, GRAPH, ID, RDF, RDFS, SKOS, XSD

__all__ = ["generate", "write", "GRAPH_IRI"]

GRAPH_IRI = str(GRAPH["synthetic"])
#: Bumped whenever the output changes, so that cached files are not reused.
_VERSION = 2
_BASE = str(ID) + "synthetic/"

_SYLLABLES = [
    "ba", "bé", "da", "dor", "el", "fa", "ga", "há", "ian", "ko", "lo", "lü", "ma", "mé", "na",
    "ñu", "or", "pa", "qui", "ra", "rö", "sa", "sé", "ta", "tó", "ul", "va", "vé", "wa", "xi",
    "ya", "zá", "ber", "cas", "dan", "fel", "gor", "hil", "jan", "kar", "lin", "mor", "nes",
    "pol", "ros", "sen", "tar", "vil", "ån", "øst", "çe", "şa", "ž", "ő", "ã", "ê",
]
_HANZI = ("安巴达德恩法冈哈伊科洛吕马梅纳努奥帕基拉罗萨塞塔托"
          "乌瓦维亚扎贝卡丹费戈希扬卡林莫内波罗森塔维")
_SUFFIX_ZH = {"city": "市", "division": "省", "country": "国"}


def _decimal(value: float) -> str:
    """A decimal in the canonical form the store keeps (no trailing zeros: "12.5", "12")."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _title(rng: random.Random, parts: int) -> str:
    name = "".join(rng.choice(_SYLLABLES) for _ in range(parts))
    return name[:1].upper() + name[1:]


def _hanzi(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(_HANZI) for _ in range(parts))


def _esc(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))


class _Writer:
    """Writes N-Quads lines into one graph and counts them."""

    def __init__(self, handle, graph: str) -> None:  # noqa: ANN001
        self.handle = handle
        self.graph = f"<{graph}>"
        self.count = 0
        self.buffer: list[str] = []

    def iri(self, s: str, p: str, o: str) -> None:
        self.buffer.append(f"<{s}> <{p}> <{o}> {self.graph} .\n")
        self.count += 1

    def lit(self, s: str, p: str, value: str, *, lang: str | None = None,
            datatype: str | None = None) -> None:
        suffix = f"@{lang}" if lang else (f"^^<{datatype}>" if datatype else "")
        self.buffer.append(f'<{s}> <{p}> "{_esc(value)}"{suffix} {self.graph} .\n')
        self.count += 1

    def flush(self) -> None:
        self.handle.write("".join(self.buffer))
        self.buffer.clear()


def _date(rng: random.Random, low: int = 1950, high: int = 2024) -> tuple[str, str]:
    """A random date as (lexical form, datatype) at day, month or year precision."""
    year = rng.randint(low, high)
    kind = rng.random()
    if kind < 0.6:
        return f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", str(XSD.date)
    if kind < 0.8:
        return f"{year:04d}-{rng.randint(1, 12):02d}", str(XSD.gYearMonth)
    return f"{year:04d}", str(XSD.gYear)


def _concepts(ontology, scheme) -> list[str]:  # noqa: ANN001
    return sorted(str(c) for c in ontology.graph.subjects(SKOS.inScheme, scheme))


def _leaves(ontology, root) -> list[str]:  # noqa: ANN001
    return sorted(str(c) for c in ontology.subclasses(root))


def write(handle, n_triples_target: int, seed: int = 1) -> int:  # noqa: ANN001
    """Write about ``n_triples_target`` N-Quads lines to ``handle``; returns the exact count."""
    rng = random.Random(seed)
    onto = load_ontology()
    w = _Writer(handle, GRAPH_IRI)
    a, label, alt = str(RDF.type), str(RDFS.label), str(SKOS.altLabel)

    partnership_kinds = _leaves(onto, FG.Partnership)
    agreement_kinds = _leaves(onto, FG.Agreement)
    event_kinds = _leaves(onto, FG.Event)
    visit_kinds = set(_leaves(onto, FG.DelegationVisit))
    city_kinds = _leaves(onto, FG.City)
    statuses = _concepts(onto, FGC.PartnershipStatus)
    levels = _concepts(onto, FGC.PartnershipLevel)
    areas = _concepts(onto, FGC.CooperationArea)
    roles = _concepts(onto, FGC.Role)
    units = _concepts(onto, FGC.Unit)
    qualifiers = _concepts(onto, FGC.QuantityQualifier)
    established = str(FGC.established)
    intended = str(FGC.intended)
    ended = str(FGC.ended)

    # About 31 triples per city once partnerships, agreements, events and provenance are in.
    n_cities = max(20, n_triples_target // 31)
    n_countries = max(4, min(200, n_cities // 150))
    n_divisions = n_countries * 6
    n_sources = max(1, n_cities // 400)

    # -- sources and quotations ---------------------------------------------------------------
    quotes: list[str] = []
    for s in range(n_sources):
        src = f"{_BASE}source/{s}"
        w.iri(src, a, str(FG.NewsReport))
        w.lit(src, label, f"Synthetic news report {s}", lang="en")
        w.lit(src, label, f"合成新闻报道{s}", lang="zh")
        day, dt = _date(rng, 1990, 2024)
        w.lit(src, str(FG.publishedOn), day, datatype=dt)
        for q in range(25):
            quote = f"{_BASE}quote/{s}/{q}"
            quotes.append(quote)
            w.iri(quote, a, str(FG.Quotation))
            w.lit(quote, str(FG.quote), f"Synthetic sentence {q} of report {s}.", lang="en")
            w.iri(quote, str(FG.inSource), src)
            w.lit(quote, str(FG.paragraph), str(q + 1), datatype=str(XSD.integer))

    def support(s: str) -> None:
        w.iri(s, str(FG.supportedBy), rng.choice(quotes))

    # -- countries, divisions, cities -----------------------------------------------------
    countries = []
    for c in range(n_countries):
        iri = f"{_BASE}country/x{c}"
        countries.append(iri)
        w.iri(iri, a, str(FG.Country))
        w.lit(iri, label, f"{_title(rng, 2)}ia", lang="en")
        w.lit(iri, label, _hanzi(rng, 2) + _SUFFIX_ZH["country"], lang="zh")
        w.lit(iri, str(FG.isoCode), f"X{c}")
        support(iri)
    divisions = []
    for d in range(n_divisions):
        iri = f"{_BASE}division/{d}"
        country = countries[d % n_countries]
        divisions.append((iri, country))
        w.iri(iri, a, str(FG.FirstLevelDivision))
        w.lit(iri, label, f"{_title(rng, 2)} Province", lang="en")
        w.lit(iri, label, _hanzi(rng, 2) + _SUFFIX_ZH["division"], lang="zh")
        w.iri(iri, str(FG.country), country)
        support(iri)
    w.flush()

    cities: list[tuple[str, str]] = []  # (iri, country)
    for i in range(n_cities):
        iri = f"{_BASE}place/{i}"
        division, country = divisions[rng.randrange(n_divisions)]
        cities.append((iri, country))
        w.iri(iri, a, rng.choice(city_kinds) if rng.random() < 0.1 else str(FG.City))
        name = _title(rng, rng.randint(2, 3))
        w.lit(iri, label, name, lang="en")
        w.lit(iri, label, _hanzi(rng, rng.randint(2, 3)) + _SUFFIX_ZH["city"], lang="zh")
        if rng.random() < 0.2:
            w.lit(iri, alt, name.upper(), lang="en")
        w.iri(iri, str(FG.country), country)
        w.iri(iri, str(FG.locatedIn), division)
        w.lit(iri, str(GEO.lat), _decimal(rng.uniform(-60, 70)), datatype=str(XSD.decimal))
        w.lit(iri, str(GEO.long), _decimal(rng.uniform(-180, 180)), datatype=str(XSD.decimal))
        w.lit(iri, str(FG.population), str(rng.randint(1_000, 5_000_000)),
              datatype=str(XSD.integer))
        if i % 5000 == 0:
            w.flush()
    w.flush()

    # -- people ---------------------------------------------------------------------------
    people = []
    for p in range(max(10, n_cities // 10)):
        iri = f"{_BASE}person/{p}"
        people.append(iri)
        w.iri(iri, a, str(FG.Person))
        w.lit(iri, label, f"{_title(rng, 2)} {_title(rng, 2)}", lang="en")
        w.lit(iri, label, _hanzi(rng, 3), lang="zh")

    # -- partnerships (preferential attachment: some hubs) ----------------------------------
    targets: list[int] = list(range(n_cities))  # one ticket per city plus one per partnership
    n_partnerships = int(n_cities * 1.5)
    partnerships: list[tuple[str, int, int, str, tuple[str, str] | None]] = []
    for k in range(n_partnerships):
        x = rng.randrange(n_cities)
        for _ in range(5):
            y = rng.choice(targets)
            if y != x and (cities[y][1] != cities[x][1] or rng.random() < 0.1):
                break
        else:
            y = (x + 1) % n_cities
        targets.extend((x, y))
        iri = f"{_BASE}partnership/{k}"
        kind = rng.choice(partnership_kinds)
        w.iri(iri, a, kind)
        w.iri(iri, str(FG.partner), cities[x][0])
        w.iri(iri, str(FG.partner), cities[y][0])
        w.lit(iri, label, f"Synthetic partnership {k}", lang="en")
        roll = rng.random()
        status = established if roll < 0.75 else intended if roll < 0.9 else ended
        if status not in statuses:
            status = statuses[0]
        w.iri(iri, str(FG.status), status)
        w.iri(iri, str(FG.level), rng.choice(levels))
        start = None
        if status == intended:
            when, dt = _date(rng, 2000, 2024)
            w.lit(iri, str(FG.intendedOn), when, datatype=dt)
        elif rng.random() < 0.85:
            start = _date(rng, 1950, 2020)
            w.lit(iri, str(FG.startDate), start[0], datatype=start[1])
            if status == ended:
                end_year = min(2024, int(start[0][:4]) + rng.randint(1, 30))
                w.lit(iri, str(FG.endDate), str(end_year), datatype=str(XSD.gYear))
        support(iri)
        partnerships.append((iri, x, y, status, start))
        if k % 5000 == 0:
            w.flush()
    w.flush()

    # -- agreements with signatures -------------------------------------------------------
    for k, (p_iri, x, y, _status, start) in enumerate(partnerships):
        if k % 5 != 0:
            continue
        iri = f"{_BASE}agreement/{k}"
        w.iri(iri, a, rng.choice(agreement_kinds))
        w.lit(iri, label, f"Synthetic agreement {k}", lang="en")
        w.lit(iri, label, f"合成协议{k}", lang="zh")
        w.lit(iri, str(FG.title), f"Agreement on friendship {k}", lang="en")
        w.iri(iri, str(FG.party), cities[x][0])
        w.iri(iri, str(FG.party), cities[y][0])
        when = start or _date(rng, 1990, 2024)
        w.lit(iri, str(FG.signedOn), when[0], datatype=when[1])
        w.iri(iri, str(FG.signedAt), cities[x][0])
        for area in rng.sample(areas, 2):
            w.iri(iri, str(FG.cooperationArea), area)
        for j, party in enumerate((x, y)):
            sig = f"{iri}/signature/{j}"
            w.iri(iri, str(FG.signature), sig)
            w.iri(sig, a, str(FG.Signature))
            w.iri(sig, str(FG.signer), rng.choice(people))
            w.iri(sig, str(FG.inRole), rng.choice(roles))
            w.iri(sig, str(FG.onBehalfOf), cities[party][0])
        w.iri(p_iri, str(FG.establishedBy), iri)
        support(iri)
        if k % 5000 == 0:
            w.flush()
    w.flush()

    # -- events ---------------------------------------------------------------------------
    n_events = n_cities // 3
    for k in range(n_events):
        iri = f"{_BASE}event/{k}"
        kind = rng.choice(event_kinds)
        w.iri(iri, a, kind)
        w.lit(iri, label, f"Synthetic {kind.rsplit('#', 1)[-1]} {k}", lang="en")
        w.lit(iri, label, f"合成活动{k}", lang="zh")
        when, dt = _date(rng, 1990, 2024)
        w.lit(iri, str(FG.date), when, datatype=dt)
        host = rng.randrange(n_cities)
        if kind in visit_kinds:
            dest = rng.randrange(n_cities)
            w.iri(iri, str(FG.origin), cities[host][0])
            w.iri(iri, str(FG.destination), cities[dest][0])
            w.iri(iri, str(FG.visitor), cities[host][0])
            w.lit(iri, str(FG.purpose), "Friendly exchange and trade talks", lang="en")
        else:
            w.iri(iri, str(FG.host), cities[host][0])
            w.iri(iri, str(FG.location), cities[host][0])
            for _ in range(rng.randint(1, 4)):
                w.iri(iri, str(FG.participant), cities[rng.randrange(n_cities)][0])
            if rng.random() < 0.3:
                q = f"{iri}/quantity"
                w.iri(iri, str(FG.reportedQuantity), q)
                w.iri(q, a, str(FG.ReportedQuantity))
                w.lit(q, str(FG.quantityValue), str(rng.randint(10, 900)),
                      datatype=str(XSD.decimal))
                w.iri(q, str(FG.unit), rng.choice(units))
                w.iri(q, str(FG.qualifier), rng.choice(qualifiers))
        if rng.random() < 0.5:
            w.iri(iri, str(FG.cooperationArea), rng.choice(areas))
        support(iri)
        if k % 5000 == 0:
            w.flush()
    w.flush()
    return w.count


def generate(n_triples_target: int, seed: int = 1, out: str | os.PathLike[str] | None = None,
             ) -> Path:
    """Write the synthetic network (N-Quads, one named graph) and return its path.

    Without ``out`` the file goes to a cache folder (``$FG_BENCH_CACHE`` or the temporary
    folder) and is reused when it exists for the same target and seed.
    """
    if out is None:
        cache = Path(os.environ.get("FG_BENCH_CACHE", Path(tempfile.gettempdir()) / "fg-bench"))
        cache.mkdir(parents=True, exist_ok=True)
        path = cache / f"synthetic-v{_VERSION}-{n_triples_target}-{seed}.nq"
        if path.is_file() and path.stat().st_size > 0:
            return path
    else:
        path = Path(out)
        path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    with open(partial, "w", encoding="utf-8") as handle:
        write(handle, n_triples_target, seed)
    partial.replace(path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="target number of triples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", required=True, help="the N-Quads file to write")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    path = Path(args.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as handle:
        count = write(handle, args.triples, args.seed)
    print(f"wrote {count} quads to {path} in {time.perf_counter() - began:.1f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
