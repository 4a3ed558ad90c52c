"""Every notebook under notebooks/ runs top to bottom (nbclient), so that they keep working."""

from __future__ import annotations

from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _kernel() -> str | None:
    try:
        from jupyter_client.kernelspec import KernelSpecManager
    except ImportError:
        return None
    specs = KernelSpecManager().find_kernel_specs()
    return "python3" if "python3" in specs else next(iter(specs), None)


def test_notebooks_exist():
    assert [p.name for p in NOTEBOOKS] == ["explore_policy_graph.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    kernel = _kernel()
    if kernel is None:
        pytest.skip("no Jupyter kernel installed (pip install ipykernel)")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=180, kernel_name=kernel,
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()  # raises CellExecutionError with the failing cell's traceback
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2  # the network and the targets chart were drawn
    from matplotlib import font_manager

    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    if "WenQuanYi Micro Hei" in {f.name for f in font_manager.fontManager.ttflist}:
        assert "No CJK font found" not in printed  # the installed font was picked up for the labels
