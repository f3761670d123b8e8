"""Unicode direction controls taken out of everything a page shows.

Owns: ``neutral``. A message or a name may carry the embedding, override and isolate controls
(U+202A-U+202E, U+2066-U+2069): shown as they are, an override makes the browser draw the
text that follows right to left (or left to right), so "invoice" + U+202E + "fdp.exe" reads as
"invoiceexe.pdf", and an unclosed one reorders the rest of the line around it. They are
removed: the text keeps every visible character in its stored order, and scripts written
right to left still read right to left (the browser finds their direction by itself).
The marks U+200E, U+200F and U+061C change no order and are kept.
Must not import FastAPI or Jinja: the templates and the import progress (JSON) use it.
"""

from __future__ import annotations

from seedbed.errors import BIDI_CONTROLS

_DROP = {ord(c): None for c in BIDI_CONTROLS}


def neutral(text: str) -> str:
    """``text`` without direction embeddings, overrides and isolates."""
    return text.translate(_DROP) if any(c in text for c in BIDI_CONTROLS) else text
