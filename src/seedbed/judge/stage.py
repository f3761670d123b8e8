"""One learned decision of the judge: a logistic regression over named features.

Owns: fitting (scikit-learn), prediction and per-feature contributions in plain numpy,
and a JSON form with a format version (no pickles: a saved model is data, not code).
Must not import: the store, SQLAlchemy, the CLI or the web layer.

Follows the scikit-learn estimator contract: ``__init__`` stores hyper-parameters only;
``fit`` learns ``coef_``, ``intercept_``, ``mean_``, ``scale_`` and returns self.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

FORMAT_VERSION = 1
Array = NDArray[np.float64]


class NotFittedError(ValueError):
    """A stage was used before ``fit`` or ``from_dict``."""


class Stage:
    """Binary logistic regression on standardised features, explainable per feature.

    Parameters
    ----------
    names : feature names, in column order; names ending in ``*`` stand for a block of
        columns (an embedding) whose contributions are reported together.
    C : inverse L2 regularisation strength. Small data wants strong regularisation: the
        stages learn from a few hundred labelled items.
    class_weight : "balanced" or None.
    block_weight : how much a block column (an embedding) counts against a hand-made one.
        Hand-made columns are standardised one by one; a block is standardised as a whole
        (its pooled standard deviation) and then multiplied by this weight, so 384 embedding
        columns do not outvote two dozen named features under one shared L2 penalty.
    """

    def __init__(self, names: list[str], C: float = 1.0,
                 class_weight: str | None = "balanced", block_weight: float = 1.0,
                 signs: list[int] | None = None) -> None:
        self.names = names
        self.C = C
        self.class_weight = class_weight
        self.block_weight = block_weight
        self.signs = signs

    def fit(self, X: Array, y: NDArray[np.int_], sample_weight: Array | None = None) -> Stage:
        from sklearn.linear_model import LogisticRegression

        self.mean_ = X.mean(axis=0)
        scale = X.std(axis=0)
        scale = np.where(scale > 1e-9, scale, 1.0)
        fixed = len([n for n in self.names if not n.endswith("*")])
        if X.shape[1] > fixed:
            pooled = float(np.sqrt(np.mean(X[:, fixed:].var(axis=0)))) or 1.0
            scale[fixed:] = pooled / self.block_weight
        self.scale_ = scale
        Z = (X - self.mean_) / self.scale_
        if len(set(y.tolist())) < 2:
            # One class only: a constant model that says the base rate, nothing else.
            self.coef_ = np.zeros(X.shape[1])
            self.intercept_ = 6.0 if int(y[0]) == 1 else -6.0
            return self
        if self.signs is not None:
            self.coef_, self.intercept_ = _fit_signed(Z, y, self.C, self.signs,
                                                      self.class_weight, sample_weight)
            return self
        model = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000)
        model.fit(Z, y, sample_weight=sample_weight)
        self.coef_ = model.coef_[0].astype(np.float64)
        self.intercept_ = float(model.intercept_[0])
        return self

    def _check(self) -> None:
        if not hasattr(self, "coef_"):
            raise NotFittedError("this stage is not fitted")

    def decision(self, X: Array) -> Array:
        self._check()
        result: Array = ((X - self.mean_) / self.scale_) @ self.coef_ + self.intercept_
        return result

    def predict_proba(self, X: Array) -> Array:
        """Probability of the positive class for each row."""
        z = np.clip(self.decision(X), -30, 30)
        result: Array = 1.0 / (1.0 + np.exp(-z))
        return result

    def contributions(self, x: Array) -> dict[str, float]:
        """Log-odds contribution of each named feature (blocks summed) for one row."""
        self._check()
        parts = ((x - self.mean_) / self.scale_) * self.coef_
        out: dict[str, float] = {}
        for name, value in zip(self._column_names(len(parts)), parts, strict=True):
            out[name] = out.get(name, 0.0) + float(value)
        return out

    def _column_names(self, n: int) -> list[str]:
        fixed = [nm for nm in self.names if not nm.endswith("*")]
        blocks = [nm for nm in self.names if nm.endswith("*")]
        if not blocks:
            return fixed
        width = (n - len(fixed)) // len(blocks)
        return fixed + [b[:-1] for b in blocks for _ in range(width)]

    def to_dict(self) -> dict[str, Any]:
        self._check()
        return {"v": FORMAT_VERSION, "names": self.names, "C": self.C,
                "class_weight": self.class_weight, "block_weight": self.block_weight,
                "signs": self.signs,
                "coef": self.coef_.tolist(),
                "intercept": self.intercept_, "mean": self.mean_.tolist(),
                "scale": self.scale_.tolist()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Stage:
        if data.get("v") != FORMAT_VERSION:
            raise NotFittedError(f"saved stage has format {data.get('v')}, expected "
                                 f"{FORMAT_VERSION}")
        stage = cls(list(data["names"]), float(data["C"]), data["class_weight"],
                    float(data["block_weight"]), data.get("signs"))
        stage.coef_ = np.asarray(data["coef"], dtype=np.float64)
        stage.intercept_ = float(data["intercept"])
        stage.mean_ = np.asarray(data["mean"], dtype=np.float64)
        stage.scale_ = np.asarray(data["scale"], dtype=np.float64)
        return stage


def _fit_signed(Z: Array, y: NDArray[np.int_], C: float, signs: list[int],
                class_weight: str | None, sample_weight: Array | None
                ) -> tuple[Array, float]:
    """L2-regularised logistic regression whose coefficients keep the given signs.

    Same objective as scikit-learn's (C times the weighted log-loss plus half the squared
    norm), minimised by L-BFGS-B with each coefficient bounded to its side of zero
    (sign 0: free). The intercept is free and not penalised.
    """
    from scipy.optimize import minimize  # type: ignore[import-untyped]

    n = len(y)
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, np.float64)
    if class_weight == "balanced":
        counts = np.bincount(y, minlength=2).astype(np.float64)
        w = w * (n / (2 * counts))[y]
    yy = y.astype(np.float64)

    def loss(theta: Array) -> tuple[float, Array]:
        coef, b = theta[:-1], theta[-1]
        z = Z @ coef + b
        # log(1 + e^z) - y z, computed stably
        value = float(C * np.sum(w * (np.logaddexp(0.0, z) - yy * z)) + 0.5 * coef @ coef)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = C * (w * (p - yy))
        grad = np.concatenate([Z.T @ g + coef, [g.sum()]])
        return value, grad

    bounds = [(0.0, None) if s > 0 else (None, 0.0) if s < 0 else (None, None) for s in signs]
    result = minimize(loss, np.zeros(Z.shape[1] + 1), jac=True, method="L-BFGS-B",
                      bounds=[*bounds, (None, None)], options={"maxiter": 2000})
    return np.asarray(result.x[:-1], np.float64), float(result.x[-1])
