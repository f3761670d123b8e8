"""Nothing leaves the machine: the switches that keep seedbed's dependencies from phoning home.

Owns: ``TELEMETRY_OFF``, the environment variables that turn off every telemetry, usage
report and download path of what seedbed imports, and ``apply``, which sets them. It runs when
the ``seedbed`` package is imported, before any dependency is, and again right before the
embedding runtime loads, so a caller that cleared a variable in between cannot turn it back on.
Must not import: anything; it is imported first.

Why each one:
- ``ORT_DISABLE_TELEMETRY``: onnxruntime's official Linux, macOS and Windows wheels carry the
  1DS telemetry SDK, on by default. Without this variable a session writes a device id and
  queued events under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime/`` and a long-running
  process uploads them over HTTPS. ``onnxruntime.disable_telemetry_events()`` is not enough:
  it runs after the runtime has initialised and the uploader exists. The variable must be set
  before the runtime initialises; onnxruntime reads it once per process.
- ``HF_HUB_OFFLINE``, ``HF_HUB_DISABLE_TELEMETRY``: tokenizers brings huggingface_hub along.
  seedbed never calls it (the tokenizer is read from the package), and these make sure that
  nothing it might do reaches the network.
- ``OTEL_SDK_DISABLED``: FastAPI depends on the OpenTelemetry API; no SDK is installed, and
  this keeps any SDK a user has installed from exporting spans of seedbed's web app.
- ``DO_NOT_TRACK``: the cross-tool convention, for anything else that honours it.

They are forced, not defaulted: a user's ``ORT_DISABLE_TELEMETRY=0`` does not switch it back
on for seedbed, whose promise is that nothing is sent anywhere.
"""

from __future__ import annotations

import os

TELEMETRY_OFF: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "OTEL_SDK_DISABLED": "true",
    "DO_NOT_TRACK": "1",
}


def apply() -> None:
    """Set every variable of ``TELEMETRY_OFF`` in this process's environment."""
    for name, value in TELEMETRY_OFF.items():
        os.environ[name] = value
