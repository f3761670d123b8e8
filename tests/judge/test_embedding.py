"""Tests for seedbed.judge.embedding: the packaged ONNX model, the hashing fake and the cache."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from seedbed.errors import ModelError
from seedbed.judge.embedding import (
    CachedEmbedder,
    Embedder,
    HashingEmbedder,
    MemoryVectorCache,
    OnnxEmbedder,
    packaged_model_dir,
)

# Texts of clearly different lengths, so that length sorting reorders them.
MIXED_LENGTHS = [
    "We build custom dashboards for logistics companies and would love to show you a short demo "
    "of how our clients cut reporting time in half within the first quarter.",
    "Hi",
    "Congratulations on the new job!",
    "",
    "Could you recommend someone for a data engineering role in Berlin?",
    "ok thanks",
]


@pytest.fixture(scope="module")
def onnx_embedder() -> OnnxEmbedder:
    embedder = OnnxEmbedder()
    embedder.load()
    return embedder


def _cos(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_packaged_model_gives_384_dim_unit_float32_vectors(onnx_embedder: OnnxEmbedder) -> None:
    vectors = onnx_embedder.encode(["Nice to meet you at the meetup.", "Buy now!"])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_model_id_names_model_and_weights(onnx_embedder: OnnxEmbedder) -> None:
    manifest = json.loads((packaged_model_dir() / "manifest.json").read_text(encoding="utf-8"))
    model_sha = manifest["files"][manifest["model_file"]]["sha256"]
    assert onnx_embedder.model_id.startswith(manifest["model_id"])
    assert model_sha[:12] in onnx_embedder.model_id


def test_paraphrase_is_closer_than_unrelated_text(onnx_embedder: OnnxEmbedder) -> None:
    pitch, paraphrase, unrelated = onnx_embedder.encode(
        [
            "Do you have fifteen minutes next week for a quick demo of our sales software?",
            "Could we book a short call soon so I can show you our CRM tool?",
            "The hiking trail along the river was closed after the storm.",
        ]
    )
    assert _cos(pitch, paraphrase) > _cos(pitch, unrelated) + 0.2


def test_a_texts_vector_is_the_same_alone_and_among_texts_of_other_lengths(
        onnx_embedder: OnnxEmbedder) -> None:
    together = onnx_embedder.encode(MIXED_LENGTHS)
    for row, text in enumerate(MIXED_LENGTHS):
        np.testing.assert_array_equal(onnx_embedder.encode([text])[0], together[row])
    # Other batch-mates, another position, a much longer neighbour: still the same bits.
    longer = MIXED_LENGTHS[0] * 3
    reordered = onnx_embedder.encode([longer, *reversed(MIXED_LENGTHS), "Hi"])
    np.testing.assert_array_equal(reordered[1:-1], together[::-1])
    np.testing.assert_array_equal(reordered[-1], together[MIXED_LENGTHS.index("Hi")])


def test_vectors_do_not_depend_on_how_many_texts_run_at_once(
        onnx_embedder: OnnxEmbedder) -> None:
    one_at_a_time = OnnxEmbedder(threads=1).encode(MIXED_LENGTHS)
    np.testing.assert_array_equal(OnnxEmbedder(threads=3).encode(MIXED_LENGTHS), one_at_a_time)
    np.testing.assert_array_equal(onnx_embedder.encode(MIXED_LENGTHS), one_at_a_time)


def test_model_id_says_vectors_are_computed_alone(onnx_embedder: OnnxEmbedder) -> None:
    # Older versions cached vectors of padded batches under the bare id; never reuse them.
    assert onnx_embedder.model_id.endswith("/solo")


def test_empty_string_gives_a_unit_vector(onnx_embedder: OnnxEmbedder) -> None:
    (vector,) = onnx_embedder.encode([""])
    assert np.isfinite(vector).all()
    assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)


def test_hundred_kilobyte_text_is_truncated_not_rejected(onnx_embedder: OnnxEmbedder) -> None:
    head = "Happy to connect and talk about renewable energy projects in Spain. "
    long_text = (head * (100_000 // len(head) + 1))[:100_000]
    long_vec, head_vec = onnx_embedder.encode([long_text, head * 20])
    assert float(np.linalg.norm(long_vec)) == pytest.approx(1.0, abs=1e-5)
    # Only the first 128 tokens count, so the tail cannot move it far from the same start.
    assert _cos(long_vec, head_vec) > 0.95


def test_empty_input_list_gives_empty_matrix(onnx_embedder: OnnxEmbedder) -> None:
    assert onnx_embedder.encode([]).shape == (0, 384)


def test_single_str_is_refused(onnx_embedder: OnnxEmbedder) -> None:
    with pytest.raises(TypeError):
        onnx_embedder.encode("not a list")


def _copy_model_dir(target: Path) -> Path:
    source = packaged_model_dir()
    target.mkdir()
    for name in ("manifest.json", "tokenizer.json"):
        (target / name).write_bytes((source / name).read_bytes())
    return target


def test_missing_model_dir_raises_model_error(tmp_path: Path) -> None:
    embedder = OnnxEmbedder(model_dir=tmp_path / "nowhere")
    with pytest.raises(ModelError, match=r"manifest\.json"):
        embedder.encode(["hello"])


def test_missing_model_file_raises_model_error_naming_it(tmp_path: Path) -> None:
    folder = _copy_model_dir(tmp_path / "model")
    with pytest.raises(ModelError, match=r"model\.int8\.onnx"):
        OnnxEmbedder(model_dir=folder).load()


def test_tampered_tokenizer_fails_the_hash_check(tmp_path: Path) -> None:
    folder = _copy_model_dir(tmp_path / "model")
    (folder / "tokenizer.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match=r"tokenizer\.json.*sha256"):
        OnnxEmbedder(model_dir=folder).load()


def test_model_with_one_changed_byte_fails_the_hash_check(tmp_path: Path) -> None:
    folder = _copy_model_dir(tmp_path / "model")
    data = bytearray((packaged_model_dir() / "model.int8.onnx").read_bytes())
    data[len(data) // 2] ^= 0xFF  # inside the weights: onnxruntime alone would not notice
    (folder / "model.int8.onnx").write_bytes(bytes(data))
    embedder = OnnxEmbedder(model_dir=folder)
    try:
        embedder.load()
    except ModelError as exc:
        assert "sha256" in str(exc)
        return
    assert embedder.hash_verified is False
    pytest.skip("hashing the model took longer than the budget on this CPU, so it was skipped")


def test_unloadable_model_raises_model_error(tmp_path: Path) -> None:
    folder = _copy_model_dir(tmp_path / "model")
    garbage = b"this is not an onnx graph"
    (folder / "model.int8.onnx").write_bytes(garbage)
    # Give it a matching hash, so the failure comes from onnxruntime itself.
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["model.int8.onnx"]["sha256"] = hashlib.sha256(garbage).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match=r"onnxruntime cannot load"):
        OnnxEmbedder(model_dir=folder).load()


def test_every_embedder_follows_the_protocol(onnx_embedder: OnnxEmbedder) -> None:
    cached = CachedEmbedder(HashingEmbedder(), MemoryVectorCache())
    for embedder in (onnx_embedder, HashingEmbedder(), cached):
        assert isinstance(embedder, Embedder)


# -- HashingEmbedder -------------------------------------------------------------------------


def test_hashing_embedder_is_deterministic_across_instances() -> None:
    texts = ["Let's connect!", "We sell cloud storage at 30% off.", ""]
    np.testing.assert_array_equal(HashingEmbedder().encode(texts), HashingEmbedder().encode(texts))


def test_hashing_embedder_does_not_depend_on_the_hash_seed() -> None:
    code = (
        "from seedbed.judge.embedding import HashingEmbedder;"
        "print(HashingEmbedder().encode(['Let us connect'])[0].tobytes().hex())"
    )
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        outputs.add(done.stdout.strip())
    assert len(outputs) == 1


def test_hashing_embedder_gives_unit_rows_for_empty_and_long_text() -> None:
    vectors = HashingEmbedder().encode(["", "x" * 100_000, "hello"])
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_hashing_embedder_puts_shared_wording_closer() -> None:
    a, b, c = HashingEmbedder().encode(
        ["book a demo of our platform", "book a quick demo of our platform", "my cat sleeps"]
    )
    assert _cos(a, b) > _cos(a, c)


# -- CachedEmbedder --------------------------------------------------------------------------


class CountingEmbedder:
    """A HashingEmbedder that records every batch it is asked to encode."""

    def __init__(self) -> None:
        self.inner = HashingEmbedder()
        self.calls: list[list[str]] = []

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls.append(list(texts))
        return self.inner.encode(texts)


def test_cached_embedder_encodes_only_uncached_texts() -> None:
    counting = CountingEmbedder()
    cached = CachedEmbedder(counting, MemoryVectorCache())
    cached.encode(["first", "second"])
    cached.encode(["second", "third", "first"])
    assert counting.calls == [["first", "second"], ["third"]]


def test_cached_embedder_skips_the_inner_model_when_all_are_cached() -> None:
    counting = CountingEmbedder()
    cached = CachedEmbedder(counting, MemoryVectorCache())
    cached.encode(["a", "b"])
    cached.encode(["b", "a"])
    assert len(counting.calls) == 1


def test_cached_vectors_equal_fresh_ones_in_input_order() -> None:
    cached = CachedEmbedder(HashingEmbedder(), MemoryVectorCache())
    cached.encode(["alpha", "beta"])
    texts = ["beta", "gamma", "alpha"]
    np.testing.assert_array_equal(cached.encode(texts), HashingEmbedder().encode(texts))


def test_cached_embedder_encodes_duplicates_once() -> None:
    counting = CountingEmbedder()
    vectors = CachedEmbedder(counting, MemoryVectorCache()).encode(["same", "same", "other"])
    assert counting.calls == [["same", "other"]]
    np.testing.assert_array_equal(vectors[0], vectors[1])


def test_cache_keys_differ_between_models() -> None:
    cache = MemoryVectorCache()
    CachedEmbedder(HashingEmbedder(dim=384), cache).encode(["hello"])
    counting = CountingEmbedder()
    counting.inner = HashingEmbedder(dim=64)
    CachedEmbedder(counting, cache).encode(["hello"])
    assert counting.calls == [["hello"]]
    assert len(cache) == 2


def test_cached_value_of_wrong_size_is_re_encoded() -> None:
    counting = CountingEmbedder()
    cache = MemoryVectorCache()
    cached = CachedEmbedder(counting, cache)
    cache.put_many({cached.key("broken"): b"\x00\x01"})
    (vector,) = cached.encode(["broken"])
    assert counting.calls == [["broken"]]
    assert float(np.linalg.norm(vector)) == pytest.approx(1.0, abs=1e-5)


def test_memory_cache_returns_only_present_keys() -> None:
    cache = MemoryVectorCache()
    cache.put_many({"k1": b"one"})
    assert cache.get_many(["k1", "k2"]) == {"k1": b"one"}


def test_packaged_dir_holds_the_files_the_manifest_lists() -> None:
    folder = packaged_model_dir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name in manifest["files"]:
        assert (folder / name).is_file(), name
