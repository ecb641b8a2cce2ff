"""Every command and every setting is documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

from claimwatch.cli.main import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in cli.commands if not re.search(rf"(`|claimwatch ){name}\b", README)]
    assert not missing, f"document these commands in README.md: {missing}"


def test_every_environment_setting_is_in_the_readme() -> None:
    package = Path(__file__).resolve().parents[1] / "src" / "claimwatch"
    used = {m for f in package.rglob("*.py") for m in re.findall(r"CLAIMWATCH_[A-Z_]+", f.read_text())}
    assert used, "no settings found: the scan is broken"
    missing = sorted(s for s in used if s not in README)
    assert not missing, f"document these settings in README.md: {missing}"
