"""friendship-graph: a knowledge graph of international relationships between places."""

__version__ = "0.1.0"
