"""Sentence embeddings for the judge: the packaged int8 MiniLM model, a hashing fake, a cache.

Owns:
    - ``Embedder``: the protocol every embedder follows (``model_id``, ``dim``, ``encode``).
    - ``OnnxEmbedder``: all-MiniLM-L6-v2 as a fused int8 ONNX graph that ships in
      ``seedbed/data/embedding/`` (made by ``scripts/export_embedding_model.py``), run with
      onnxruntime + tokenizers + numpy. Loaded lazily, once; no network, no torch. Each text
      is run on its own, so its vector never depends on the texts encoded with it.
    - ``HashingEmbedder``: hashed character n-grams; deterministic, instant, for tests and as a
      documented fallback when the model cannot be loaded. Never used by default.
    - ``VectorCache`` / ``MemoryVectorCache`` / ``CachedEmbedder``: vectors cached by model id and
      sha256 of the text, so a text is encoded once per model. The store implements
      ``VectorCache`` on SQLite; this module never sees it.

Every ``encode`` returns float32 of shape ``(len(texts), dim)`` with L2-normalised rows, in input
order; the empty string gives a valid vector. A text's row is the same whatever else is in
``texts`` (alone, first, last, among longer or shorter texts), bit for bit.

Must not import: torch, transformers, seedbed.store, sqlalchemy, typer, rich.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from seedbed import offline
from seedbed.errors import ModelError

__all__ = [
    "DEFAULT_THREADS",
    "MAX_TOKENS",
    "CachedEmbedder",
    "Embedder",
    "HashingEmbedder",
    "MemoryVectorCache",
    "OnnxEmbedder",
    "VectorCache",
    "packaged_model_dir",
]

Vectors = npt.NDArray[np.float32]

# 2 texts at once, each on one core: the target machine has 2 cores; more threads than cores
# only adds contention, and the caller can still run two embedders side by side with 1 each.
DEFAULT_THREADS = 2
# all-MiniLM-L6-v2 was fine-tuned on sequences of at most 128 word pieces; longer inputs are
# outside its training regime and attention cost grows with the square of the length. A
# LinkedIn invitation or message opener fits well within 128 tokens.
MAX_TOKENS = 128
# Texts are tokenised in windows of this many, so the token ids of a very long input list are
# never all held at once.
TOKENIZE_WINDOW = 4096
# 128 tokens of real text span well under 2,000 characters; cutting at 16,384 first bounds the
# tokenizer's time on pasted megabyte blobs (100 KB took 47 ms, 16 KB about 7 ms). The cut can
# change a vector only when the first 128 tokens span more than this (e.g. huge whitespace runs).
MAX_CHARS = 16_384
# Checking the model's sha256 is worth it only while it stays cheap: 23 MB hash in ~13 ms with
# SHA extensions, but several times slower without them. Past this budget we stop and skip it.
HASH_BUDGET_SECONDS = 0.05
_HASH_BLOCK = 1 << 20

_MANIFEST_FILE = "manifest.json"
_SOLO = "/solo"
_EXPORT_SCRIPT = "scripts/export_embedding_model.py"


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def model_id(self) -> str:
        """Names the model and its exact weights; vectors of different ids never mix."""
        ...

    @property
    def dim(self) -> int:
        """Length of every vector."""
        ...

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Return float32 ``(len(texts), dim)``, rows L2-normalised, in input order."""
        ...


def packaged_model_dir() -> Traversable:
    """The folder that holds the packaged model (works from a wheel and from the src tree)."""
    return files("seedbed") / "data" / "embedding"


def _check_texts(texts: Sequence[str]) -> None:
    # A bare str is a Sequence[str] too, and would be embedded one character at a time.
    if isinstance(texts, str):
        raise TypeError("encode() takes a sequence of texts, not a single str")


def _normalise_rows(vectors: Vectors) -> Vectors:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    # A zero row cannot be normalised; leave it and let the caller's fallback handle it.
    norms[norms == 0.0] = 1.0
    normalised: Vectors = (vectors / norms).astype(np.float32, copy=False)
    return normalised


# --------------------------------------------------------------------------------------------
# The packaged ONNX model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Manifest:
    model_id: str
    dim: int
    model_file: str
    tokenizer_file: str
    hashes: dict[str, str]
    output: str


@dataclass(frozen=True)
class _Loaded:
    session: Any  # onnxruntime.InferenceSession (untyped library)
    tokenizer: Any  # tokenizers.Tokenizer
    input_names: frozenset[str]


class OnnxEmbedder:
    """all-MiniLM-L6-v2 (int8 ONNX, 384 dimensions) run with onnxruntime.

    Parameters
    ----------
    model_dir:
        Folder with ``manifest.json``, the ONNX file and ``tokenizer.json``; the packaged one
        by default.
    threads:
        Texts run at the same time, each by one onnxruntime call on one core.

    Nothing is read at construction. The manifest is read on first use of ``model_id``/``dim``,
    and the model on the first ``encode`` (or ``load``), once. A missing or corrupted artifact
    raises ``ModelError``. ``hash_verified`` tells whether the sha256 check ran (it is skipped
    when it would take longer than ``HASH_BUDGET_SECONDS``).

    One text per ONNX call, never a padded batch: dynamic int8 quantises activations with one
    scale per input tensor, so in a batch a text's vector moved with its batch-mates and with
    the padding (batch 1 vs 64 over 240 texts: cosine mean 0.988, min 0.96), and a verdict
    depended on which items happened to be judged together. Alone, a text's vector depends on
    its text only; it is also the closer one to fp32 (mean cosine 0.9918 against 0.9894, see
    ``data/embedding/README.md``). Speed comes from running ``threads`` texts at once, each
    in a single-threaded call (onnxruntime releases the GIL): no padding is computed and no
    intra-op threads spin on small matrices. Cold triage of 3,525 strangers' items on a
    shared 2-core machine, 3 alternating runs each: 316-352 items/s and about 12 CPU-s
    against 101-234 items/s and 19-23 CPU-s for length-sorted batches of 64 on 2 intra-op
    threads.
    """

    def __init__(
        self,
        *,
        model_dir: Traversable | None = None,
        threads: int = DEFAULT_THREADS,
    ) -> None:
        self.model_dir = model_dir
        self.threads = threads
        self.hash_verified: bool | None = None
        self._lock = threading.Lock()
        self._manifest: _Manifest | None = None
        self._loaded: _Loaded | None = None

    # -- metadata ----------------------------------------------------------------------------

    def _dir(self) -> Traversable:
        return self.model_dir if self.model_dir is not None else packaged_model_dir()

    def _read_manifest(self) -> _Manifest:
        if self._manifest is not None:
            return self._manifest
        path = self._dir() / _MANIFEST_FILE
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            files_ = raw["files"]
            manifest = _Manifest(
                model_id=str(raw["model_id"]),
                dim=int(raw["dim"]),
                model_file=str(raw["model_file"]),
                tokenizer_file=str(raw["tokenizer_file"]),
                hashes={str(k): str(v["sha256"]) for k, v in files_.items()},
                output=str(raw["output"]),
            )
        except FileNotFoundError as exc:
            raise ModelError(
                f"{path}: the embedding model's manifest is missing; reinstall seedbed "
                f"(developers: run {_EXPORT_SCRIPT})"
            ) from exc
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ModelError(f"{path}: unreadable embedding manifest ({exc!r})") from exc
        self._manifest = manifest
        return manifest

    @property
    def model_id(self) -> str:
        """Model name, the first 12 hex digits of the ONNX file's sha256, and ``/solo``.

        ``/solo`` says each vector was computed with its text alone: vectors that older
        versions cached from padded batches carry no suffix, so they are never reused.
        """
        manifest = self._read_manifest()
        digest = manifest.hashes.get(manifest.model_file, "")[:12]
        return f"{manifest.model_id}@{digest}{_SOLO}"

    @property
    def dim(self) -> int:
        """384 for the packaged model (read from the manifest)."""
        return self._read_manifest().dim

    # -- loading -----------------------------------------------------------------------------

    def _read_verified(self, name: str, *, always: bool) -> tuple[bytes, bool]:
        """Read a file of the model folder and check its sha256 against the manifest.

        With ``always`` False the check gives up, unverified, past ``HASH_BUDGET_SECONDS``.
        """
        path = self._dir() / name
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise ModelError(
                f"{path}: embedding model file is missing; reinstall seedbed "
                f"(developers: run {_EXPORT_SCRIPT})"
            ) from exc
        except OSError as exc:
            raise ModelError(f"{path}: cannot read embedding model file ({exc})") from exc
        expected = self._read_manifest().hashes.get(name)
        if expected is None:
            raise ModelError(f"{self._dir() / _MANIFEST_FILE}: no sha256 listed for {name}")
        digest = hashlib.sha256()
        deadline = time.perf_counter() + HASH_BUDGET_SECONDS
        view = memoryview(data)
        for start in range(0, len(data), _HASH_BLOCK):
            digest.update(view[start : start + _HASH_BLOCK])
            if not always and time.perf_counter() > deadline:
                return data, False
        if digest.hexdigest() != expected:
            raise ModelError(
                f"{path}: sha256 {digest.hexdigest()} does not match the manifest's {expected}; "
                "the embedding model file is corrupted, reinstall seedbed"
            )
        return data, True

    def _load(self) -> _Loaded:
        if self._loaded is not None:
            return self._loaded
        with self._lock:
            if self._loaded is not None:
                return self._loaded
            offline.apply()  # onnxruntime reads its telemetry switch when it initialises
            import onnxruntime as ort
            from tokenizers import Tokenizer

            manifest = self._read_manifest()
            tok_bytes, _ = self._read_verified(manifest.tokenizer_file, always=True)
            model_bytes, verified = self._read_verified(manifest.model_file, always=False)
            tok_path = self._dir() / manifest.tokenizer_file
            model_path = self._dir() / manifest.model_file
            try:
                tokenizer = Tokenizer.from_str(tok_bytes.decode("utf-8"))
            except Exception as exc:  # tokenizers raises bare Exception on bad JSON
                raise ModelError(f"{tok_path}: cannot load the tokenizer ({exc})") from exc
            # The shipped tokenizer pads every text to 128; a text is run alone, unpadded.
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            options = ort.SessionOptions()
            # One core per call; ``threads`` calls run side by side (see the class docstring).
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            # Core modules never print: keep onnxruntime's own warnings off stderr.
            options.log_severity_level = 3
            try:
                session = ort.InferenceSession(
                    model_bytes, options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime's errors share no useful base class
                raise ModelError(f"{model_path}: onnxruntime cannot load it ({exc})") from exc
            outputs = {o.name: o.shape for o in session.get_outputs()}
            shape = outputs.get(manifest.output)
            if shape is None or shape[-1] != manifest.dim:
                raise ModelError(
                    f"{model_path}: expected output {manifest.output!r} of width "
                    f"{manifest.dim}, found {outputs}"
                )
            self.hash_verified = verified
            self._loaded = _Loaded(
                session=session,
                tokenizer=tokenizer,
                input_names=frozenset(i.name for i in session.get_inputs()),
            )
            return self._loaded

    def load(self) -> None:
        """Load the model now instead of on the first ``encode``. Raises ``ModelError``."""
        self._load()

    # -- encoding ----------------------------------------------------------------------------

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``; float32 ``(n, 384)``, unit rows, input order. Raises ``ModelError``.

        Each row is computed from its text alone (see the class docstring).
        """
        _check_texts(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        loaded = self._load()
        workers = min(self.threads, len(texts))
        with ThreadPoolExecutor(max(1, workers), thread_name_prefix="seedbed-embed") as pool:
            for start in range(0, len(texts), TOKENIZE_WINDOW):
                window = [t[:MAX_CHARS] for t in texts[start : start + TOKENIZE_WINDOW]]
                ids = [e.ids for e in loaded.tokenizer.encode_batch(window)]
                if workers > 1:
                    rows = pool.map(lambda one: self._run(loaded, one), ids)
                else:
                    rows = map(lambda one: self._run(loaded, one), ids)
                for offset, vector in enumerate(rows):
                    out[start + offset] = vector
        return _normalise_rows(out)

    def _run(self, loaded: _Loaded, token_ids: list[int]) -> Vectors:
        """The vector of one text: a batch of one, no padding, so nothing else can move it."""
        ids = np.asarray([token_ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids),
                 "token_type_ids": np.zeros_like(ids)}
        feeds = {k: v for k, v in feeds.items() if k in loaded.input_names}
        (vectors,) = loaded.session.run([self._read_manifest().output], feeds)
        vector: Vectors = np.asarray(vectors, dtype=np.float32)[0]
        return vector


# --------------------------------------------------------------------------------------------
# The hashing fake / fallback
# --------------------------------------------------------------------------------------------

# 384 so that code sized for the real model runs unchanged on the fake.
HASHING_DIM = 384
# Character 3- to 5-grams: short enough to match across inflections ("hire"/"hiring"), long
# enough to carry some word identity. This is the classic hashing-trick text representation.
HASHING_NGRAMS = (3, 4, 5)
# The fake needs no long-text fidelity; capping keeps it fast on 100 KB inputs.
HASHING_MAX_CHARS = 4096
_SPACES = re.compile(r"\s+")


class HashingEmbedder:
    """Deterministic stand-in: hashed character n-grams, signed, L2-normalised.

    Same text, same vector, in every process (blake2b, not Python's salted ``hash``). Texts that
    share many n-grams get close vectors, but there is no semantics: use it in tests, or as a
    fallback when ``OnnxEmbedder`` raises ``ModelError``. It is never chosen by default.
    """

    def __init__(self, dim: int = HASHING_DIM) -> None:
        self._dim = dim

    @property
    def model_id(self) -> str:
        """Names the algorithm and dimension; bump the version if the features change."""
        grams = "-".join(str(n) for n in HASHING_NGRAMS)
        return f"hashing-char{grams}-d{self._dim}-v1"

    @property
    def dim(self) -> int:
        """Length of every vector."""
        return self._dim

    def _features(self, text: str) -> Iterable[str]:
        clean = " " + _SPACES.sub(" ", text[:HASHING_MAX_CHARS].lower()).strip() + " "
        if not clean.strip():
            # A fixed feature gives the empty text a valid (unit) vector of its own.
            return ("\x00empty",)
        return (clean[i : i + n] for n in HASHING_NGRAMS for i in range(len(clean) - n + 1))

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts``: float32 ``(n, dim)``, unit rows, input order."""
        _check_texts(texts)
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for feature in self._features(text):
                h = int.from_bytes(
                    hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little"
                )
                out[row, h % self._dim] += 1.0 if (h >> 63) & 1 else -1.0
            if not out[row].any():
                # Signed collisions cancelled out exactly; any fixed unit vector is valid.
                out[row, 0] = 1.0
        return _normalise_rows(out)


# --------------------------------------------------------------------------------------------
# Caching
# --------------------------------------------------------------------------------------------


class VectorCache(Protocol):
    """Where ``CachedEmbedder`` keeps vectors: opaque string keys to float32 bytes."""

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """Return the stored value of each key that is present; absent keys are left out."""
        ...

    def put_many(self, items: Mapping[str, bytes]) -> None:
        """Store (or overwrite) every item."""
        ...


class MemoryVectorCache:
    """``VectorCache`` in a dict; lives as long as the object."""

    def __init__(self) -> None:
        self.items: dict[str, bytes] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, bytes]:
        """Return the stored value of each key that is present."""
        return {k: self.items[k] for k in keys if k in self.items}

    def put_many(self, items: Mapping[str, bytes]) -> None:
        """Store every item."""
        self.items.update(items)

    def __len__(self) -> int:
        return len(self.items)


class CachedEmbedder:
    """Wraps an ``Embedder``; encodes only texts whose vector is not in ``cache`` yet.

    Keys are ``"<model_id>:<sha256 of the UTF-8 text>"``, so vectors of different models (or of
    a re-exported model, whose id changes with its hash) never mix. Values are little-endian
    float32 bytes. A stored value of the wrong size is treated as missing and re-encoded.
    """

    def __init__(self, inner: Embedder, cache: VectorCache) -> None:
        self.inner = inner
        self.cache = cache

    @property
    def model_id(self) -> str:
        """The inner embedder's id."""
        return self.inner.model_id

    @property
    def dim(self) -> int:
        """The inner embedder's dimension."""
        return self.inner.dim

    def key(self, text: str) -> str:
        """Cache key of ``text`` for the inner model."""
        return f"{self.inner.model_id}:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Embed ``texts`` from the cache where possible; float32 ``(n, dim)``, input order."""
        _check_texts(texts)
        dim = self.inner.dim
        keys = [self.key(t) for t in texts]
        text_of = dict(zip(keys, texts, strict=True))  # duplicates collapse to one encode
        found: dict[str, Vectors] = {}
        for k, blob in self.cache.get_many(list(text_of)).items():
            if len(blob) == dim * 4:
                found[k] = np.frombuffer(blob, dtype="<f4").astype(np.float32)
        missing = [k for k in text_of if k not in found]
        if missing:
            fresh = self.inner.encode([text_of[k] for k in missing])
            self.cache.put_many(
                {k: fresh[i].astype("<f4").tobytes() for i, k in enumerate(missing)}
            )
            found.update({k: fresh[i] for i, k in enumerate(missing)})
        out = np.zeros((len(texts), dim), dtype=np.float32)
        for row, k in enumerate(keys):
            out[row] = found[k]
        return out
