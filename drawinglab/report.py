"""Reports: execute a parameterised notebook with papermill, export it to HTML, index every report.

``drawinglab report explore|benchmark|scorecard [-p KEY VALUE]... [--out reports/] [--show-code]``
"""
from __future__ import annotations

import datetime as _dt
import html
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ._io import write_json, write_text
from .errors import DrawingLabError

log = logging.getLogger(__name__)

NOTEBOOKS = ("explore", "benchmark", "scorecard")


class ReportError(DrawingLabError):
    """A report notebook failed or could not be found."""


def notebook_dir() -> Path:
    """The ``notebooks/`` folder of this checkout (beside the package), or ``./notebooks``."""
    for candidate in (Path(__file__).resolve().parent.parent / "notebooks", Path.cwd() / "notebooks"):
        if (candidate / "explore.ipynb").exists():
            return candidate
    raise ReportError("notebooks/ not found: run from a drawinglab checkout")


def ensure_kernel(name: str = "python3") -> str:
    """Make sure a Jupyter kernel for *this* Python exists (register it in the environment if missing)."""
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    if name not in specs:
        subprocess.run([sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", name],
                       check=True, capture_output=True)
    return name


def _absolute_paths(params: dict[str, Any]) -> dict[str, Any]:
    """Parameters naming existing files or folders (relative to the caller) become absolute, since the
    notebook runs in ``notebooks/``."""
    out = {}
    for key, value in params.items():
        if isinstance(value, str) and value and "," not in value and Path(value).exists():
            value = str(Path(value).resolve())
        elif isinstance(value, str) and "," in value:
            value = ",".join(str(Path(v.strip()).resolve()) if Path(v.strip()).exists() else v.strip()
                             for v in value.split(","))
        out[key] = value
    return out


def coerce(value: str) -> Any:
    """``-p`` values: JSON when they parse (numbers, booleans, lists), else the string itself."""
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def run_report(name: str, params: dict[str, Any] | None = None, out: str | Path = "reports",
               show_code: bool = False, cell_timeout: int = 1200) -> dict[str, Any]:
    """Execute ``notebooks/<name>.ipynb`` with ``params``; write ``<name>.ipynb``, ``.html``, ``.json`` and
    ``.meta.json`` under ``out`` and refresh ``out/index.html``."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    if name not in NOTEBOOKS:
        raise ReportError(f"unknown report {name!r}; choose from {', '.join(NOTEBOOKS)}")
    out = Path(out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    source = notebook_dir() / f"{name}.ipynb"
    executed = out / f"{name}.ipynb"
    results = out / f"{name}.json"
    params = _absolute_paths(dict(params or {}))
    params["results_json"] = str(results)
    if name == "explore":
        params.setdefault("sliders", False)  # no live kernel behind a batch run; static figures stand in
    started = _dt.datetime.now().replace(microsecond=0)
    try:
        papermill.execute_notebook(str(source), str(executed), parameters=params, kernel_name=ensure_kernel(),
                                   cwd=str(source.parent), progress_bar=False, log_output=False,
                                   execution_timeout=cell_timeout, start_timeout=120)
    except PapermillExecutionError as exc:
        raise ReportError(f"report {name!r} failed in cell {exc.cell_index + 1} ({exc.ename}: {exc.evalue}); "
                          f"the executed notebook is at {executed}") from None
    except TimeoutError as exc:
        raise ReportError(f"report {name!r} timed out ({exc}); the executed notebook is at {executed}") from None
    page = export_html(executed, out / f"{name}.html", show_code)
    meta = {"report": name, "date": started.isoformat(), "parameters": params, "html": page.name,
            "notebook": executed.name, "results": results.name if results.exists() else None,
            "seconds": (_dt.datetime.now() - started).total_seconds()}
    write_json(out / f"{name}.meta.json", meta)
    write_index(out)
    return meta | {"html_path": str(page), "out": str(out)}


def export_html(notebook: Path, target: Path, show_code: bool = False) -> Path:
    """Notebook → standalone HTML (figures embedded); input cells hidden unless ``show_code``."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=not show_code, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(str(notebook), as_version=4))
    return write_text(target, body)


def write_index(out: Path) -> Path:
    """``index.html`` linking every report in ``out`` with its date and parameters."""
    rows = []
    for meta_path in sorted(out.glob("*.meta.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        shown = {k: v for k, v in meta["parameters"].items() if k != "results_json"}
        params = "<br>".join(f"<code>{html.escape(k)}</code> = {html.escape(json.dumps(v))}" for k, v in shown.items())
        rows.append(f"<tr><td><a href='{html.escape(meta['html'])}'>{html.escape(meta['report'])}</a></td>"
                    f"<td>{html.escape(meta['date'])}</td><td>{meta['seconds']:.0f} s</td><td>{params}</td></tr>")
    page = ("<!doctype html><html><head><meta charset='utf-8'><title>drawinglab reports</title><style>"
            "body{font-family:sans-serif;margin:2em}td,th{border-bottom:1px solid #ddd;padding:.4em;"
            "vertical-align:top;text-align:left}</style></head><body><h1>drawinglab reports</h1>"
            "<table><tr><th>report</th><th>executed</th><th>took</th><th>parameters</th></tr>"
            + "".join(rows) + "</table></body></html>")
    return write_text(out / "index.html", page)


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(page: Path, target: Path, width: int = 1400, height: int = 2400, timeout: float = 120) -> Path:
    """Render an HTML report in headless Chromium to a PNG."""
    browser = chromium()
    if browser is None:
        raise ReportError("headless Chromium not found (Debian: apt-get install chromium)")
    import tempfile

    with tempfile.TemporaryDirectory() as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
               "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", f"--window-size={width},{height}", f"--screenshot={target}",
               Path(page).resolve().as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=timeout)
    if not Path(target).exists():
        raise ReportError(f"Chromium wrote no screenshot for {page}")
    return Path(target)
