"""The developer tooling agrees with itself: what pre-commit runs is what CI runs."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_pre_commit_runs_the_ruff_that_pyproject_pins():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    [ruff] = [pin for pin in project["project"]["optional-dependencies"]["dev"] if "ruff" in pin]
    version = ruff.removeprefix("ruff==")
    config = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "repo: https://github.com/astral-sh/ruff-pre-commit" in config
    assert f"rev: v{version}\n" in config
