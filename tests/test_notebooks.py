"""Notebooks: committed without outputs, thin, documented parameters, run headlessly."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import papermill
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
_PARAMETER_LINE = re.compile(r"^(\w+): (str|int|float|bool) = .+  # \S.*$")


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_there_are_notebooks() -> None:
    assert "overview" in _ids(NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_committed_without_outputs_and_thin(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    for line in tagged[0].source.splitlines():
        assert _PARAMETER_LINE.match(line), (
            f"parameter line not `name: type = value  # help`: {line}"
        )
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")
    assert "Limitations" in notebook.cells[-1].source
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, (
                "strip outputs before committing"
            )
            assert not re.search(r"^\s*(def|class) ", cell.source, re.MULTILINE), (
                "no def/class in notebooks"
            )


def _readme_parameter_table() -> dict[str, dict[str, str]]:
    """``{notebook: {parameter: default}}`` from the README's notebook table."""
    table: dict[str, dict[str, str]] = {}
    notebook = ""
    section = (ROOT / "README.md").read_text().split("## Notebooks", 1)[1].split("\n## ", 1)[0]
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 4 or not cells[1].startswith("`"):
            continue
        if cells[0]:
            notebook = cells[0].strip("`").removesuffix(".ipynb")
        table.setdefault(notebook, {})[cells[1].strip("`")] = cells[2].strip("`")
    return table


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_parameters_are_documented_in_readme(path: Path) -> None:
    documented = _readme_parameter_table().get(path.stem, {})
    parameters = papermill.inspect_notebook(str(path))
    assert {"article_path", "output_dir"} <= set(parameters) or "corpus_path" in parameters
    assert set(documented) == set(parameters), f"README table vs {path.name}"
    for name, spec in parameters.items():
        assert spec["help"], f"{path.name}: parameter {name} has no help text"
        assert documented[name].strip('"') == spec["default"].strip('"'), (
            f"README gives {name} = {documented[name]}, the notebook {spec['default']}"
        )


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_runs_headless_on_the_reference_article(
    path: Path, tmp_path: Path, shared_dir: Path
) -> None:
    parameters = papermill.inspect_notebook(str(path))
    out = tmp_path / "out"
    values: dict[str, str] = {"output_dir": str(out)}
    if "article_path" in parameters:
        values["article_path"] = str(shared_dir / "seed" / "000_97dcd6933d95eeb6.txt")
    papermill.execute_notebook(
        str(path),
        str(tmp_path / path.name),
        parameters=values,
        kernel_name="python3",
        cwd=str(path.parent),
        progress_bar=False,
    )
    executed = nbformat.read(tmp_path / path.name, as_version=4)
    errors = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == []
    pngs = sorted(out.glob("*.png"))
    assert pngs, "every notebook saves at least one figure"
    for png in pngs:
        assert png.with_suffix(".csv").is_file(), f"{png.name} has no CSV of its data"
