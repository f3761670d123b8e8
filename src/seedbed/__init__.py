"""seedbed: sort LinkedIn invitations and messages by one rule.

Contacting someone you don't know, with an offer they did not ask for, that comes nowhere
close to their needs, is spam. The public names are re-exported here.
"""

# Before any dependency is imported: nothing they do may leave the machine.
from seedbed import offline

offline.apply()

from importlib.metadata import PackageNotFoundError, version  # noqa: E402

from seedbed.errors import (  # noqa: E402
    InputError,
    ModelError,
    NotAnExportError,
    NotFoundError,
    PreferencesError,
    SeedbedError,
    StoreBusyError,
    StoreError,
    UnsafeArchiveError,
)
from seedbed.model import Clue, Direction, Export, Kind, Label, Preferences, Profile, Verdict  # noqa: E402

try:
    __version__ = version("seedbed")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"

__all__ = [
    "Clue",
    "Direction",
    "Export",
    "InputError",
    "Kind",
    "Label",
    "ModelError",
    "NotAnExportError",
    "NotFoundError",
    "Preferences",
    "PreferencesError",
    "Profile",
    "SeedbedError",
    "StoreBusyError",
    "StoreError",
    "UnsafeArchiveError",
    "Verdict",
    "__version__",
]
