"""Packaging: pyproject.toml and environment.yml describe one environment; the API is typed."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

import newslib

ROOT = Path(__file__).resolve().parents[1]
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$")


def _normalised(requirement: str) -> tuple[str, str]:
    match = _REQUIREMENT.match(requirement)
    assert match, requirement
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def test_pyproject_and_environment_yml_agree() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        declared.extend(extra)
    from_pyproject = dict(_normalised(r) for r in declared)

    environment = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in environment["channels"]
    conda: list[str] = []
    pip: list[str] = []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            pip.extend(entry["pip"])
        else:
            conda.append(entry)
    assert "python=3.11" in conda
    assert "-e ." in pip
    from_environment = dict(
        _normalised(r) for r in conda + pip if r not in {"python=3.11", "pip", "-e ."}
    )
    assert from_environment == from_pyproject


def test_every_dependency_has_a_lower_bound() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for requirement in project["dependencies"]:
        assert ">=" in requirement, requirement
    assert "nltk>=3.9.1" in project["dependencies"]


def test_typed_package_and_public_api() -> None:
    assert (Path(newslib.__file__).parent / "py.typed").is_file()
    for name in newslib.__all__:
        assert hasattr(newslib, name), name
    assert (
        newslib.__version__
        == tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    )


def test_command_line_entry_points() -> None:
    import subprocess
    import sys

    for module in ("newslib", "newslib.cli"):
        result = subprocess.run(
            [sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stderr
        for command in ("report", "corpus", "timeml"):
            assert command in result.stdout
