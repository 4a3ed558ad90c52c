"""The root of policykg's exceptions. It lives here because ``ontology`` imports nothing else of
policykg, and everything else imports ``ontology``."""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class: the message says what went wrong, where, and how to fix it."""


class GazetteerError(PolicyKGError):
    """ontology/departments.yaml or places.tsv is inconsistent (a broken configuration raises)."""
