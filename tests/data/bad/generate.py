"""Regenerate the bad-input corpus in this folder: ``python tests/data/bad/generate.py``.

Every file here is an input that must be refused with a one-line error naming the file (and
the line, where there is one) while the store stays unchanged. The expected line of each file
is in ``EXPECTED_LINE`` in tests/test_bad_input.py. Files that are *valid* but hostile (they
must load without fetching anything) live in ``network/``. The 50 MB single line is generated
at test time, not committed.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
EX = "https://w3id.org/friendship-graph/id/test/"
PREFIXES = (
    "@prefix ex: <https://w3id.org/friendship-graph/id/test/> .\n"
    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)


def ttl_body(n: int = 20) -> list[str]:
    return [f'ex:p{i} rdfs:label "Place {i}"@en .' for i in range(n)]


def nt_lines(n: int = 20) -> list[str]:
    return [f'<{EX}p{i}> <http://www.w3.org/2000/01/rdf-schema#label> "Place {i}"@en .'
            for i in range(n)]


def write(name: str, content: str | bytes) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    (HERE / name).write_bytes(data)


def main() -> None:  # noqa: PLR0915 - one file per statement, on purpose
    body = ttl_body()
    # ---------------------------------------------------------------- Turtle
    write("ttl-syntax-first-line.ttl", "@prefix ex <https://w3id.org/x/> .\n"
          + PREFIXES + "\n".join(body) + "\n")                                     # line 1
    mid = body[:]
    mid[7] = 'ex:p7 rdfs:label "Place 7"@en ;; ex:broken .'
    write("ttl-syntax-middle-line.ttl", PREFIXES + "\n".join(mid) + "\n")         # line 11
    write("ttl-syntax-last-line.ttl", PREFIXES + "\n".join(body)
          + '\nex:last rdfs:label "unterminated@en .\n')                           # line 24
    write("ttl-missing-dot-last-line.ttl", PREFIXES + "\n".join(body)
          + '\nex:last rdfs:label "no final dot"@en\n')                            # EOF
    write("ttl-undefined-prefix.ttl", PREFIXES + "\n".join(body[:5])
          + '\nnope:p5 rdfs:label "x" .\n')                                        # line 9
    write("ttl-invalid-iri-space.ttl", PREFIXES + "\n".join(body[:3])
          + '\n<https://w3id.org/friendship-graph/id/a b> rdfs:label "x" .\n')     # line 7
    write("ttl-invalid-iri-bad-escape.ttl", PREFIXES
          + '<https://w3id.org/friendship-graph/id/\\u00ZZ> rdfs:label "x" .\n')  # line 4
    write("ttl-invalid-lang-tag.ttl", PREFIXES + 'ex:p rdfs:label "x"@-en- .\n')   # line 4
    write("ttl-latin1.ttl", PREFIXES.encode() + "\n".join(body[:4]).encode()
          + '\nex:p rdfs:label "Sz\u00e9kesfeh\u00e9rv\u00e1r"@hu .\n'.encode("latin-1"))  # line 8
    write("ttl-utf16.ttl", (PREFIXES + "\n".join(body[:4]) + "\n").encode("utf-16"))  # line 1
    write("ttl-utf16-no-bom.ttl",
          (PREFIXES + "\n".join(body[:4]) + "\n").encode("utf-16-le"))              # line 1
    write("ttl-bom-twice.ttl", b"\xef\xbb\xbf\xef\xbb\xbf" + PREFIXES.encode())     # line 1
    write("ttl-nul-byte.ttl", PREFIXES + 'ex:p rdfs:label "a\x00b" .\n'
          .replace('"a\x00b"', 'x\x00'))                                            # line 4
    write("ttl-ill-typed-date.ttl", PREFIXES + "\n".join(body[:5])
          + '\nex:p5 ex:startDate "2020-1-1"^^xsd:date .\n'
          + "\n".join(body[6:10]) + "\n")                                          # line 9
    write("ttl-ill-typed-gyear.ttl", PREFIXES + 'ex:p ex:startDate "20x9"^^xsd:gYear .\n')
    write("ttl-ill-typed-integer.ttl", PREFIXES + 'ex:p ex:level "one"^^xsd:integer .\n')
    write("ttl-ill-typed-decimal.ttl", PREFIXES + "\n".join(body)
          + '\nex:p ex:value "1,5"^^xsd:decimal .\n')                              # line 24
    write("ttl-ill-typed-month.ttl", PREFIXES
          + 'ex:p ex:startDate "2019-13"^^xsd:gYearMonth .\n')                     # line 4
    write("ttl-ill-typed-day.ttl", PREFIXES
          + 'ex:p ex:startDate "2019-02-30"^^xsd:date .\n')                        # line 4
    write("ttl-non-canonical-integer.ttl", PREFIXES + "\n".join(body[:6])
          + '\nex:p ex:level "01"^^xsd:integer .\n')                                # line 10
    write("nt-non-canonical-decimal.nt", "\n".join(nt_lines(3)) + f'\n<{EX}x> '
          f'<{EX}amount> "+8908081"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n')  # line 4
    write("ttl-empty.ttl", "")
    write("ttl-only-comments.ttl", "# nothing here\n# at all\n")
    write("ttl-only-prefixes.ttl", PREFIXES)
    write("ttl-binary-garbage.ttl", bytes(range(256)) * 4)                         # line 1
    # ---------------------------------------------------------------- N-Triples
    lines = nt_lines()
    write("nt-syntax-first-line.nt", "\n".join(["<a> <b> <c> ."] + lines) + "\n")   # line 1
    mid = lines[:]
    mid[9] = mid[9].rstrip(" .")
    write("nt-syntax-middle-line.nt", "\n".join(mid) + "\n")                       # line 10
    write("nt-syntax-last-line.nt", "\n".join(lines)
          + f'\n<{EX}x> <{EX}p> "unterminated .\n')                                # line 21
    write("nt-prefixed-name.nt", "\n".join(lines[:4])
          + '\nex:p <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')         # line 5
    write("nt-invalid-iri.nt", "\n".join(lines[:2])
          + f'\n<{EX}a{{b}}> <{EX}p> "x" .\n')                                     # line 3
    write("nt-ill-typed-date.nt", "\n".join(lines[:12])
          + f'\n<{EX}x> <{EX}startDate> "2020-1-1"^^<http://www.w3.org/2001/XMLSchema#date> .\n'
          + "\n".join(lines[12:]) + "\n")                                          # line 13
    write("nt-latin1.nt", "\n".join(lines[:2]).encode()
          + f'\n<{EX}x> <{EX}p> "K\u00f6ln" .\n'.encode("latin-1"))                  # line 3
    write("nt-empty.nt", "")
    write("nt-utf16.nt", ("\n".join(lines[:3]) + "\n").encode("utf-16"))          # line 1
    # ---------------------------------------------------------------- N-Quads
    q = [f"{line[:-2]} <https://w3id.org/friendship-graph/graph/t> ." for line in lines]
    mid = q[:]
    mid[10] = mid[10][:-2] + " <https://w3id.org/friendship-graph/graph/u> ."
    write("nq-five-terms-middle-line.nq", "\n".join(mid) + "\n")                   # line 11
    write("nq-syntax-first-line.nq", '"literal" <a:b> <c:d> <g:h> .\n' + "\n".join(q) + "\n")
    write("nq-invalid-graph-iri.nq", "\n".join(q[:5]).replace(
        "<https://w3id.org/friendship-graph/graph/t> .\n", "<g:h> .\n", 4)
        + f'\n<{EX}x> <{EX}p> "x" <not a graph> .\n')                              # line 6
    write("nq-ill-typed-integer.nq", "\n".join(q)
          + f'\n<{EX}x> <{EX}n> "1.5"^^<http://www.w3.org/2001/XMLSchema#integer> <g:h> .\n')
    # ---------------------------------------------------------------- TriG
    trig = PREFIXES + "GRAPH <https://w3id.org/friendship-graph/graph/t> {\n" \
        + "\n".join("    " + b for b in body) + "\n}\n"
    write("trig-unclosed-graph.trig", trig.rstrip("}\n") + "\n")                   # EOF
    write("trig-syntax-middle-line.trig", trig.replace(body[10], "ex:p10 rdfs:label .", 1))
    write("trig-ill-typed-gyearmonth.trig", trig.replace(
        "}\n", '    ex:p ex:startDate "2019-7"^^xsd:gYearMonth .\n}\n'))            # line 25
    write("trig-nested-graph.trig", PREFIXES + "GRAPH ex:g { GRAPH ex:h { ex:a ex:b ex:c } }\n")
    # ---------------------------------------------------------------- JSON-LD
    write("jsonld-syntax-middle-line.jsonld",
          '{\n  "@id": "https://w3id.org/friendship-graph/id/test/a",\n'
          '  "http://www.w3.org/2000/01/rdf-schema#label": "a",\n'
          '  "http://www.w3.org/2000/01/rdf-schema#comment": "b"\n'
          '  "http://www.w3.org/2000/01/rdf-schema#seeAlso": "c"\n}\n')            # line 5
    write("jsonld-remote-context.jsonld",
          '{\n  "@context": "https://schema.org/",\n'
          '  "@id": "https://w3id.org/friendship-graph/id/test/a",\n'
          '  "name": "a"\n}\n')
    write("jsonld-remote-context-in-array.jsonld",
          '{\n  "@context": [{"ex": "https://w3id.org/x/"}, "http://example.org/ctx.jsonld"],\n'
          '  "@id": "ex:a", "ex:name": "a"\n}\n')
    write("jsonld-truncated.jsonld", '[\n {\n  "@id": "https://w3id.org/friendship-graph/id/a",\n'
          '  "http://www.w3.org/2000/01/rdf-schema#label": [{"@value": "a"')         # EOF
    write("jsonld-empty.jsonld", "")
    write("jsonld-ill-typed-date.jsonld",
          '{\n  "@id": "https://w3id.org/friendship-graph/id/test/a",\n'
          '  "https://w3id.org/friendship-graph/ontology#startDate": {\n'
          '    "@value": "2020-1-1", "@type": "http://www.w3.org/2001/XMLSchema#date"}\n}\n')
    write("jsonld-utf16.jsonld", '{"@id": "https://w3id.org/friendship-graph/id/a", '
          '"http://www.w3.org/2000/01/rdf-schema#label": "a"}\n'.encode("utf-16"))
    write("jsonld-not-an-object.jsonld", "42\n")
    # ---------------------------------------------------------------- RDF/XML
    rdf_head = ('<?xml version="1.0" encoding="utf-8"?>\n'
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
                '         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n')
    items = "".join(
        f'  <rdf:Description rdf:about="{EX}p{i}"><rdfs:label>Place {i}</rdfs:label>'
        "</rdf:Description>\n" for i in range(10))
    write("rdfxml-entity-bomb.rdf",
          '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY a "aaaaaaaaaa">\n'
          + "".join(f' <!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">\n'
                    for i in range(9))
          + ']>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"\n'
          '         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
          f'  <rdf:Description rdf:about="{EX}a"><rdfs:label>&j;</rdfs:label>'
          "</rdf:Description>\n</rdf:RDF>\n")
    write("rdfxml-external-entity.rdf",
          '<?xml version="1.0"?>\n'
          '<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
          + rdf_head.split("\n", 1)[1]
          + f'  <rdf:Description rdf:about="{EX}a"><rdfs:label>&xxe;</rdfs:label>'
          "</rdf:Description>\n</rdf:RDF>\n")
    write("rdfxml-unclosed-tag.rdf", rdf_head + items
          + f'  <rdf:Description rdf:about="{EX}z"><rdfs:label>z</rdfs:labe>'
          "</rdf:Description>\n</rdf:RDF>\n")                                       # line 14
    write("rdfxml-truncated.rdf", rdf_head + items)                                # EOF
    write("rdfxml-invalid-iri.rdf", rdf_head
          + '  <rdf:Description rdf:about="http://exa mple.org/a"><rdfs:label>a</rdfs:label>'
          "</rdf:Description>\n</rdf:RDF>\n")                                       # line 4
    write("rdfxml-ill-typed-integer.rdf", rdf_head
          + f'  <rdf:Description rdf:about="{EX}a"><rdfs:comment rdf:datatype='
          '"http://www.w3.org/2001/XMLSchema#integer">12a</rdfs:comment>'
          "</rdf:Description>\n</rdf:RDF>\n")
    write("rdfxml-latin1-declared-utf8.rdf", rdf_head.encode()
          + f'  <rdf:Description rdf:about="{EX}a"><rdfs:label>M\u00fcnchen</rdfs:label>'
          "</rdf:Description>\n</rdf:RDF>\n".encode("latin-1"))
    write("rdfxml-empty.rdf", "")
    write("rdfxml-not-rdf.rdf", '<?xml version="1.0"?>\n<html><body>not RDF</body></html>\n')
    # ---------------------------------------------------------------- hostile but valid
    net = HERE / "network"
    net.mkdir(exist_ok=True)
    (net / "owl-imports.ttl").write_text(
        PREFIXES + "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/friendship-graph/id/test/onto> a owl:Ontology ;\n"
        "    owl:imports <http://example.org/remote-ontology.ttl> ,\n"
        "                <https://www.w3.org/2002/07/owl> .\n"
        'ex:a rdfs:label "a"@en .\n', encoding="utf-8")
    (net / "rdfxml-doctype-system.rdf").write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF SYSTEM "http://example.org/rdf.dtd">\n'
        + rdf_head.split("\n", 1)[1]
        + f'  <rdf:Description rdf:about="{EX}a"><rdfs:label>a</rdfs:label>'
        "</rdf:Description>\n</rdf:RDF>\n", encoding="utf-8")
    hostile()
    importers()


def hostile() -> None:
    """Issue 16: files that write the graphs only the program writes, literals of every
    XML Schema datatype that are not in its lexical space, characters XML cannot carry."""
    g = "https://w3id.org/friendship-graph/graph/"
    write("trig-writes-ontology-graph.trig", PREFIXES
          + "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
          + 'ex:a rdfs:label "fine"@en .\n'
          + f"<{g}ontology> {{\n"                                                   # line 6
          '  ex:rule a sh:SPARQLRule ; sh:construct "CONSTRUCT { ?s ?p ?o } WHERE { '
          'SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }" .\n}\n')
    write("nq-writes-inferred-graph.nq", "\n".join(nt_lines(3)) + "\n"
          + f'<{EX}a> <https://w3id.org/friendship-graph/ontology#twinnedWith> <{EX}b> '
          f"<{g}inferred> .\n")                                                    # line 4
    write("trig-writes-system-graph.trig", PREFIXES + "@prefix graph: <" + g + "> .\n"
          + "graph:system { graph:system ex:inferencePending true . }\n")         # line 5
    for name, value, datatype in [
            ("duration", "P1Qx", "duration"), ("time", "abc", "time"),
            ("datetimestamp", "2020-01-01T00:00:00", "dateTimeStamp"),
            ("byte", "300", "byte"), ("unsignedint", "-1", "unsignedInt"),
            ("hexbinary", "zz", "hexBinary"), ("base64", "!!!", "base64Binary"),
            ("gmonthday", "--02-30", "gMonthDay"), ("gday", "---32", "gDay"),
            ("gmonth", "--13", "gMonth"), ("language", "not a tag", "language"),
            ("daytimeduration", "P1Y", "dayTimeDuration"),
            ("yearmonthduration", "P1D", "yearMonthDuration"), ("ncname", "a b", "NCName")]:
        write(f"ttl-ill-typed-{name}.ttl", PREFIXES + "\n".join(ttl_body(2))
              + f'\nex:p ex:value "{value}"^^xsd:{datatype} .\n')                  # line 6
    write("ttl-control-character.ttl", PREFIXES + "\n".join(ttl_body(3))
          + '\nex:p rdfs:label "bell\\u0007here" .\n')                          # line 7
    write("nt-vertical-tab.nt", "\n".join(nt_lines(2))
          + f'\n<{EX}x> <{EX}p> "tab\x0bbed" .\n')                                  # line 3


def importers() -> None:
    """Inputs for the importers (pairs, template, gexf, graphml, edges)."""
    header = "city1,country1,lat1,lng1,city2,country2,lat2,lng2"
    rows = ["Berat,Albania,40.7022,19.9583,Amasya,Turkey,40.65,35.8331",
            "Berat,Albania,40.7022,19.9583,Fermo,Italy,43.1608,13.7158"]
    write("pairs-missing-column.csv", "city1,country1,lat1,lng1,country2,lat2,lng2\n"
          "Berat,Albania,40.7022,19.9583,Turkey,40.65,35.8331\n")
    write("pairs-empty.csv", "")
    write("pairs-header-only-wrong.csv", "a;b;c\n1;2;3\n")
    write("pairs-latin1.csv", (header + "\n" + rows[0] + "\n").encode()
          + "Szolnok,Hungary,47.1833,20.2,S\u00e9kesfeh\u00e9rv\u00e1r,Hungary,47.19,18.41\n"
          .encode("latin-1"))
    write("pairs-utf16.csv", (header + "\n" + "\n".join(rows) + "\n").encode("utf-16"))
    write("pairs-binary.csv", bytes(range(256)) * 8)
    write("template-missing-column.csv", "kind,place1\npartnership,Berat\n")
    write("template-empty.csv", "")
    write("template-latin1.csv", b"kind,place1,place2,source\n"
          + "partnership,K\u00f6ln,Lille,x\n".encode("latin-1"))
    write("graph-syntax-middle.gexf",
          '<?xml version="1.0" encoding="utf-8"?>\n'
          '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
          '  <graph defaultedgetype="undirected">\n'
          '    <nodes>\n      <node id="Q84" label="London">\n    </nodes>\n'
          '    <edges />\n  </graph>\n</gexf>\n')                                     # line 6
    write("graph-truncated.gexf", '<?xml version="1.0" encoding="utf-8"?>\n'
          '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n  <graph>\n')
    write("graph-empty.gexf", "")
    write("graph-entity-bomb.gexf", '<?xml version="1.0"?>\n<!DOCTYPE gexf [\n'
          ' <!ENTITY a "aaaaaaaaaa">\n'
          + "".join(f' <!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">\n'
                    for i in range(9))
          + ']>\n<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2"><graph><nodes>'
          '<node id="n" label="&j;"/></nodes><edges/></graph></gexf>\n')
    write("graph-syntax-last-line.graphml",
          '<?xml version="1.0" encoding="UTF-8"?>\n'
          '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
          '  <graph id="G" edgedefault="undirected">\n'
          '    <node id="a"/>\n    <node id="b"/>\n    <edge source="a" target="b"/>\n'
          '  </graph>\n</graphmlx>\n')                                                # line 8
    write("graph-empty.graphml", "")
    write("graph-not-graphml.graphml", '<?xml version="1.0"?>\n<html><body/></html>\n')
    write("graph-external-entity.graphml",
          '<?xml version="1.0"?>\n'
          '<!DOCTYPE graphml [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n'
          '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
          '<node id="&xxe;"/></graph></graphml>\n')
    write("edges-one-column.tsv", "% comment\n1 2\n3\n4 5\n")                       # line 3
    write("edges-empty.tsv", "")
    write("edges-utf16.tsv", "1 2\n2 3\n".encode("utf-16"))
    write("edges-binary.tsv", bytes(range(256)) * 8)
    write("pairs-unterminated-quote.csv", header + "\n" + rows[0] + '\n"Berat,Albania,40.7,'
          "19.9,Fermo,Italy,43.1,13.7\n" + rows[1] + "\n")                          # line 3
    write("pairs-control-character.csv", header + "\n" + rows[0]
          + "\nBe\x01rat,Albania,40.7022,19.9583,Fermo,Italy,43.1608,13.7158\n")    # line 3
    write("template-vertical-tab.csv", "kind,place1,place2,source\npartnership,K\x0bln,"
          "Lille,x\n")                                                                # line 2


if __name__ == "__main__":
    main()
