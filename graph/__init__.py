"""ofsted-kg: council minutes about Ofsted inspections in, a validated RDF graph out.

The pipeline reads `ingest -> extract -> rdf -> validate/query/export/visualise`;
each stage is a module with plain functions that the CLI (`graph.cli`) calls.
"""

__version__ = "0.1.0"
