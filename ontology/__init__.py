"""The RDF vocabulary, SHACL shapes and the department and place gazetteers, as data."""
