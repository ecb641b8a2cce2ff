"""Rules and gazetteers as data: one loader that names the file when its content is invalid."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from claimwatch.errors import ConfigError


def load_json(name: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON object from this package, with a ``_note`` on its source and the required keys."""
    source = f"claimwatch/resources/{name}"
    try:
        data = json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read: {exc}", source=source) from exc
    if not isinstance(data, dict) or not data.get("_note"):
        raise ConfigError("must be an object with a _note on its source", source=source)
    missing = [key for key in required if key not in data]
    if missing:
        raise ConfigError(f"missing keys: {', '.join(missing)}", source=source)
    return data
