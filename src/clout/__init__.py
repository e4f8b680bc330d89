"""clout: social-influence scores on Neo4j + Graph Data Science."""

__version__ = "0.1.0"
