"""policykg's graph layer: RDF, the NetworkX view, SPARQL, the HTML explorer and the CLI."""
