"""The standard vocabularies policykg reuses, in one place (the project's own is ``namespace.CPKG``)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, PROV, SKOS, TIME

ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SCHEMA = Namespace("https://schema.org/")
UNIT = Namespace("http://qudt.org/vocab/unit/")

__all__ = ["DCAT", "DCTERMS", "ELI", "ITSRDF", "OA", "PROV", "SCHEMA", "SKOS", "TIME", "UNIT"]
