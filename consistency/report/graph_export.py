"""Export the ClaimGraph (`consistency check --graph FILE`): node-link JSON or GraphML.

Node ids are strings "<kind>:<key>": "document:<id>", "entity:<name>", "alias:<surface>",
"subject:<label>", "claim:<id>". Claim nodes also carry where the claim is (path, line,
column). Nodes and edges are written in sorted order, so the same corpus gives the same file.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from consistency.graph import ClaimGraph
from consistency.display import xml_text
from consistency.model import Subject
from consistency.report.jsontext import json_text

if TYPE_CHECKING:
    import networkx as nx

GRAPH_FORMATS = (".json", ".graphml")


def render_graph(graph: ClaimGraph, path: str, pretty: bool = False) -> bytes:
    """The file ``path`` should hold: its extension (.json or .graphml) chooses the format;
    JSON is compact, or indented when ``pretty``.

    Raises ValueError for any other extension.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in GRAPH_FORMATS:
        raise ValueError(f"{path}: unknown graph format {suffix or '(no extension)'!r}; "
                         f"use a name ending in {' or '.join(GRAPH_FORMATS)}")
    import networkx as nx  # on use only: importing it is a third of the CLI's start-up time
    plain = plain_graph(graph)
    if suffix == ".json":
        data = nx.node_link_data(plain, edges="edges")
        return json_text(data, pretty, sort_keys=True).encode("utf-8")
    buffer = io.BytesIO()
    nx.write_graphml(plain, buffer, encoding="utf-8")
    return buffer.getvalue()


def plain_graph(graph: ClaimGraph) -> nx.MultiDiGraph:
    """A copy with string node ids and only string/number attributes, in sorted order."""
    import networkx as nx
    ids = {node: xml_text(node_id(node)) for node in graph.graph.nodes}
    plain = nx.MultiDiGraph()
    for node in sorted(graph.graph.nodes, key=ids.__getitem__):
        attrs = dict(graph.graph.nodes[node])
        if attrs.get("kind") == "claim":
            loc = graph.claim(node[1]).location
            attrs.update(path=loc.path, line=loc.line, column=loc.column)
        plain.add_node(ids[node], **_plain_attrs(attrs))
    edges = sorted(
        ((ids[u], ids[v], _plain_attrs(data)) for u, v, data in graph.graph.edges(data=True)),
        key=lambda e: (e[0], e[1], sorted(e[2].items())),
    )
    for u, v, attrs in edges:
        plain.add_edge(u, v, **attrs)
    return plain


def node_id(node: tuple[str, object]) -> str:
    """("claim", "abc") -> "claim:abc"; a subject's key is its label."""
    kind, key = node
    return f"{kind}:{key.label if isinstance(key, Subject) else key}"


def _plain_attrs(attrs: dict) -> dict[str, str | int | float | bool]:
    """Attributes GraphML can hold: None dropped, anything else not a plain scalar as text,
    characters XML cannot hold escaped."""
    return {k: xml_text(v) if isinstance(v, str) else v if isinstance(v, (int, float, bool)) else xml_text(str(v))
            for k, v in sorted(attrs.items()) if v is not None}
