"""Shared fixtures: the paths of ../shared and the pipeline, loaded once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CLAIMWATCH_SHARED", ROOT.parent / "shared"))
SAMPLE = ROOT / "src" / "claimwatch" / "sample"


def shared_or_skip(*parts: str) -> Path:
    """A path under ../shared; in CI its absence is a failure, elsewhere a skip."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI runs with ../shared beside the clone")
        pytest.skip(f"{path} is not here")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from claimwatch.nlp.pipeline import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def extract_text(nlp):  # type: ignore[no-untyped-def]
    """Extract a string with the session's pipeline."""
    from claimwatch import extract

    def run(text: str, **kwargs):  # type: ignore[no-untyped-def]
        return extract(text, **kwargs)

    return run
