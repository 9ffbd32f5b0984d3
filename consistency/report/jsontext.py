"""JSON text as every report writes it: compact by default, indented with --pretty."""
from __future__ import annotations

import json


def json_text(payload: object, pretty: bool = False, sort_keys: bool = False) -> str:
    """``payload`` as JSON and a newline, characters as they are (not \\u-escaped): compact
    (one line, no spaces: Python's C encoder, the fast one) or, when ``pretty``, indented by 2
    for people (the slower pure-Python encoder)."""
    if pretty:
        return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=sort_keys) + "\n"
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, sort_keys=sort_keys) + "\n"
