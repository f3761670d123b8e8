"""A learned stage follows the estimator contract and explains itself per feature."""

from __future__ import annotations

import numpy as np
import pytest

from seedbed.judge.stage import NotFittedError, Stage


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 5))
    y = (X[:, 0] + 0.1 * rng.normal(size=200) > 0).astype(int)
    return X, y


def test_fit_learns_the_informative_feature() -> None:
    X, y = data()
    stage = Stage(["a", "b", "c", "d", "e"]).fit(X, y)
    assert stage.coef_[0] > 5 * np.abs(stage.coef_[1:]).max()
    assert ((stage.predict_proba(X) > 0.5) == y).mean() > 0.95


def test_unfitted_stage_refuses_to_predict() -> None:
    with pytest.raises(NotFittedError):
        Stage(["a"]).predict_proba(np.zeros((1, 1)))


def test_saved_stage_predicts_the_same() -> None:
    X, y = data()
    stage = Stage(["a", "b", "c", "d", "e"], C=0.3).fit(X, y)
    again = Stage.from_dict(stage.to_dict())
    assert np.allclose(stage.predict_proba(X), again.predict_proba(X))


def test_contributions_sum_to_the_decision() -> None:
    X, y = data()
    stage = Stage(["a", "b", "emb*"]).fit(X, y)
    parts = stage.contributions(X[0])
    assert set(parts) == {"a", "b", "emb"}
    assert sum(parts.values()) + stage.intercept_ == pytest.approx(stage.decision(X[:1])[0])


def test_block_weight_shrinks_a_block_against_named_features() -> None:
    X, y = data()
    X = np.hstack([X[:, 1:2], X[:, [0, 2, 3, 4]]])  # signal moved into the block
    strong = Stage(["a", "emb*"], block_weight=1.0).fit(X, y)
    weak = Stage(["a", "emb*"], block_weight=0.05).fit(X, y)
    assert abs(weak.contributions(X[0])["emb"]) < abs(strong.contributions(X[0])["emb"])


def test_signed_stage_keeps_each_coefficient_on_its_side() -> None:
    # The data pull feature "b" the wrong way (towards relevant when it should only hurt):
    # under its sign the stage may only drop it, never use it against the sign.
    rng = np.random.default_rng(1)
    X = rng.normal(size=(300, 2))
    y = (X[:, 0] + X[:, 1] > 0).astype(int)
    free = Stage(["a", "b"]).fit(X, y)
    signed = Stage(["a", "b"], signs=[1, -1]).fit(X, y)
    assert free.coef_[1] > 0.5
    assert signed.coef_[0] > 0 and signed.coef_[1] <= 1e-9
    again = Stage.from_dict(signed.to_dict())
    assert again.signs == [1, -1]
    assert np.allclose(again.predict_proba(X), signed.predict_proba(X))
