"""The few exceptions of policykg. The CLI turns each into a one-line message and exit code 1."""

from __future__ import annotations

from ontology.errors import GazetteerError, PolicyKGError

__all__ = ["PolicyKGError", "GazetteerError", "InputError"]


class InputError(PolicyKGError):
    """A document cannot be read: missing, a directory, empty, binary or undecodable."""
