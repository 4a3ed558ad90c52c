"""Shared fixtures: the bundled sample, extracted once per session."""

from __future__ import annotations

import pytest

from extract import SAMPLE, ExtractedDocument, extract_file
from ontology.gazetteer import Gazetteer, load_gazetteer


@pytest.fixture(scope="session")
def sample() -> ExtractedDocument:
    return extract_file(SAMPLE, source=SAMPLE.name)


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return load_gazetteer()
