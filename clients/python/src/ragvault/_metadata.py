"""The metadata every framework integration attaches to a passage: citation fields and flags."""
from __future__ import annotations

from typing import Any

from .models import Passage


def passage_metadata(p: Passage) -> dict[str, Any]:
    """`possible_injection` is a boolean of its own so a chain can drop or fence such passages."""
    return {
        "document_id": p.document_id, "chunk_id": p.chunk_id, "citation": p.citation, "title": p.title,
        "heading_path": list(p.heading_path), "offsets": list(p.offsets), "score": p.score, "snippet": p.snippet,
        "flags": list(p.flags), "possible_injection": p.possible_injection, "redactions": dict(p.redactions),
    }
