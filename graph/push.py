"""``policykg push``: write each named graph to a SPARQL store (SPARQL 1.1 Graph Store HTTP Protocol).

Each graph is sent with ``PUT {endpoint}?graph={graph IRI}`` as N-Triples, which replaces the
graph on the server: pushing twice leaves the same triples, never duplicates. For Oxigraph the
endpoint is ``http://HOST:PORT/store``; for Fuseki ``http://HOST:PORT/DATASET/data``.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from extract.errors import PolicyKGError


class PushError(PolicyKGError):
    """The store refused a graph, or could not be reached."""


@dataclass(frozen=True)
class Pushed:
    graph: str
    triples: int
    status: int


def graph_url(endpoint: str, graph: str) -> str:
    """``endpoint?graph=IRI`` (indirect graph identification), keeping any query the endpoint has."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{sep}{urllib.parse.urlencode({'graph': graph})}"


def push(dataset, endpoint: str, *, timeout: float = 60.0,
         progress: Callable[[Pushed], None] | None = None) -> list[Pushed]:
    """PUT every non-empty named graph of ``dataset`` to ``endpoint``.

    Raises:
        PushError: the endpoint is not an http(s) URL, cannot be reached, or answers with an error.
    """
    from graph.store import named_graphs

    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise PushError(f"--endpoint must be an http(s) URL of a Graph Store endpoint (got {endpoint!r}); "
                        f"for Oxigraph use http://HOST:PORT/store.")
    done = []
    for g in named_graphs(dataset):
        body = g.serialize(format="nt", encoding="utf-8")
        url = graph_url(endpoint, str(g.identifier))
        req = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples; charset=utf-8"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (scheme checked above)
                status = resp.status
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(300).decode("utf-8", "replace").split())
            raise PushError(f"{endpoint} refused graph <{g.identifier}>: HTTP {exc.code} {exc.reason}"
                            f"{': ' + detail if detail else ''}. Check that the URL is the store's Graph Store "
                            f"endpoint and that it accepts writes.") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise PushError(f"Could not reach {endpoint}: {reason}. Is the store running, and is the URL right?"
                            ) from exc
        item = Pushed(str(g.identifier), len(g), status)
        done.append(item)
        if progress is not None:
            progress(item)
    return done
