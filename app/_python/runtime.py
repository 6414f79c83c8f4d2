"""Runs one cell for Ada's Python worker.

The worker keeps one namespace for the whole page, so variables survive from cell to cell. A
cell reports the value of its last expression (DataFrames as an HTML table), matplotlib figures
as PNG, and a traceback without the runner's own frames.
"""

import base64
import io
import os
import sys
import traceback
import warnings

from pyodide.code import eval_code_async

TABLE_ROWS = 50
CELL_FILENAME = "<cell>"

# Agg cannot open windows; `plt.show()` in model-written code would only warn.
warnings.filterwarnings("ignore", message=".*non-interactive.*")

namespace = {"__name__": "__main__"}
_shown_tables = []


def _table_html(value):
    pandas = sys.modules.get("pandas")
    if pandas is None:
        return None
    if isinstance(value, pandas.Series):
        value = value.to_frame()
    if isinstance(value, pandas.DataFrame):
        return value.to_html(max_rows=TABLE_ROWS, border=0)
    return None


def display(*values):
    """Jupyter's display(): tables are shown in the cell, anything else is printed."""
    for value in values:
        html = _table_html(value)
        if html is None:
            print(repr(value))
        else:
            _shown_tables.append(html)


namespace["display"] = display


def _figures():
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return []
    pngs = []
    for number in pyplot.get_fignums():
        figure = pyplot.figure(number)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        pyplot.close(figure)
        pngs.append(base64.b64encode(buffer.getvalue()).decode("ascii"))
    return pngs


def _user_traceback(error):
    frames = error.__traceback__
    while frames is not None and frames.tb_frame.f_code.co_filename != CELL_FILENAME:
        frames = frames.tb_next
    return "".join(traceback.format_exception(type(error), error, frames))


async def run(code):
    _shown_tables.clear()
    result = {"status": "completed", "value": None, "error": None, "figures": []}
    try:
        try:
            value = await eval_code_async(code, namespace, filename=CELL_FILENAME)
            if value is not None:
                html = _table_html(value)
                if html is None:
                    result["value"] = repr(value)
                else:
                    _shown_tables.append(html)
        # KeyboardInterrupt (the Interrupt button) and SystemExit end the cell like any error.
        except BaseException as error:  # noqa: BLE001
            result["status"] = "error"
            result["error"] = _user_traceback(error)
        try:
            result["figures"] = _figures()
        except Exception as error:  # noqa: BLE001
            print(f"Could not render the figures: {error}", file=sys.stderr)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    result["tables"] = list(_shown_tables)
    return result


# The file list is refreshed after every cell: each file's columns are read once per version.
_columns_seen = {}


def _columns(path):
    status = os.stat(path)
    version = (path, status.st_size, status.st_mtime_ns)
    if version not in _columns_seen:
        _columns_seen[version] = _read_columns(path)
    return _columns_seen[version]


def _read_columns(path):
    """Column names of a tabular file, read cheaply; None when there is no table to read."""
    lower = path.lower()
    try:
        if lower.endswith((".csv", ".tsv")):
            import csv

            with open(path, newline="", encoding="utf-8", errors="replace") as handle:
                header = next(csv.reader(handle, delimiter="\t" if lower.endswith(".tsv") else ","), None)
            return header
        if lower.endswith(".json") and os.path.getsize(path) <= 50_000_000:
            import json

            with open(path, encoding="utf-8") as handle:
                rows = json.load(handle)
            if isinstance(rows, list) and rows and isinstance(rows[0], dict):
                return list(rows[0])
        if lower.endswith(".parquet") and "pyarrow.parquet" in sys.modules:
            return list(sys.modules["pyarrow.parquet"].read_schema(path).names)
    except Exception:  # noqa: BLE001 - a file that cannot be read has no columns to list
        return None
    return None


def describe_files(root):
    """Every file under root: path, size and (for tables) column names."""
    files = []
    for directory, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(directory, name)
            files.append({"path": path, "sizeBytes": os.path.getsize(path), "columns": _columns(path)})
    return files


def clear_files(root):
    """Removes everything under root, directories included."""
    import shutil

    for name in os.listdir(root):
        path = os.path.join(root, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
