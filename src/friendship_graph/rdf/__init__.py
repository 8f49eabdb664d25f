"""RDF building blocks that know nothing of the store: terms, files and SPARQL text.

* :mod:`.terms` - rdflib <-> Oxigraph terms, and terms written into SPARQL text;
* :mod:`.files` - an untrusted file -> checked quads (format, guards, literal checks, lines);
* :mod:`.sparql` - what is done to a SPARQL text before it runs: binding values with
  ``VALUES``, refusing ``SERVICE`` and ``LOAD``, telling the query form.

The ontology reads its files with :mod:`.files`, and the store builds on all three.
"""
