"""Labelled outreach the judge remembers, and how an item's nearest neighbours voted.

Owns: a bank of sentence embeddings with two labels each (was it an offer; for non-offers,
did it have a real purpose), the similarity-weighted vote of an item's nearest neighbours,
and its saved form. Must not import: the store, SQLAlchemy, the CLI or the web layer.

Why neighbours and not a linear model on the 384 embedding dimensions: with a few hundred
labelled items from a few dozen recipients, a linear model on raw dimensions learns the
recipients' vocabularies (it separated the training set by topic and said "not an offer" to
plain pitches in other fields). A vote of the nearest labelled texts generalises by meaning
and gives the stages two or three numbers to weigh instead of 384.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

# Neighbours consulted. 15 smooths over single odd examples and stays local enough for
# the vote to reflect texts that really mean the same kind of thing.
K = 15
# Softmax temperature over cosine similarities: 0.05 lets a neighbour at 0.80 outweigh one
# at 0.70 about 7 to 1, so the closest texts dominate without the vote becoming top-1.
TEMPERATURE = 0.05

FORMAT_VERSION = 1


@dataclass
class Vote:
    """How the nearest remembered items voted, and how close the closest one is."""

    offer: float
    purpose: float
    nearest: float


class Memory:
    """Embeddings of labelled items with an offer bit and a purpose bit (NaN when unknown)."""

    def __init__(self, vectors: NDArray[np.float32], offer: NDArray[np.float32],
                 purpose: NDArray[np.float32], groups: list[str] | None = None) -> None:
        self.vectors = vectors.astype(np.float32)
        self.offer = offer.astype(np.float32)
        self.purpose = purpose.astype(np.float32)
        self.groups = np.asarray(groups if groups is not None else [""] * len(offer))

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    def votes(self, queries: NDArray[np.float32], exclude_groups: list[str] | None = None
              ) -> list[Vote]:
        """The neighbours' vote for each query vector (rows L2-normalised).

        ``exclude_groups[i]`` leaves out the bank items of that group for query i, so that
        training items are scored only by other people's items (no self-vote).
        """
        if len(self) == 0:
            return [Vote(0.5, 0.5, 0.0) for _ in range(len(queries))]
        sims = queries.astype(np.float32) @ self.vectors.T
        out: list[Vote] = []
        for i in range(sims.shape[0]):
            row = sims[i].copy()
            if exclude_groups is not None:
                row[self.groups == exclude_groups[i]] = -np.inf
            k = min(K, int(np.isfinite(row).sum()))
            if k == 0:
                out.append(Vote(0.5, 0.5, 0.0))
                continue
            top = np.argpartition(-row, k - 1)[:k]
            weights = np.exp((row[top] - row[top].max()) / TEMPERATURE)
            offer = float(np.sum(weights * self.offer[top]) / weights.sum())
            known = ~np.isnan(self.purpose[top])
            purpose = (float(np.sum(weights[known] * self.purpose[top][known])
                             / weights[known].sum()) if known.any() else 0.5)
            out.append(Vote(offer, purpose, float(row[top].max())))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": FORMAT_VERSION,
            "dim": int(self.vectors.shape[1]) if len(self) else 0,
            "vectors": base64.b64encode(self.vectors.astype("<f2").tobytes()).decode("ascii"),
            "offer": self.offer.astype(int).tolist(),
            "purpose": [None if np.isnan(p) else int(p) for p in self.purpose],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Memory:
        if data.get("v") != FORMAT_VERSION:
            raise ValueError(f"saved memory has format {data.get('v')}, expected "
                             f"{FORMAT_VERSION}")
        raw = np.frombuffer(base64.b64decode(data["vectors"]), dtype="<f2")
        vectors = raw.astype(np.float32).reshape(len(data["offer"]), int(data["dim"]))
        purpose = np.asarray([np.nan if p is None else p for p in data["purpose"]],
                             dtype=np.float32)
        return cls(vectors, np.asarray(data["offer"], np.float32), purpose)
