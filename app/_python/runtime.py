"""Pyodide glue of Ada's Python worker: runs cells and lists /data.

The worker keeps one namespace for the whole page, so variables survive from cell to cell. What
a cell shows follows Jupyter (ada_display.py, plain CPython and tested there); this module only
connects it to Pyodide and to the worker. The worker puts /ada (ada_display.py, ada_files.py)
on sys.path before it runs this module, and sets `publish` in this module's globals before the
first run.
"""

import json
import os
import warnings

import ada_display
from ada_files import clear_files, describe_files, private_values  # noqa: F401 - the worker reads them here
from pyodide.code import eval_code_async

# matplotlib draws with Agg and `plt.show()` shows the figures where it is called
# (ada_mpl_backend.py). Set here, not in loadPyodide's env: a restored memory snapshot keeps the
# os.environ it was made with.
os.environ["MPLBACKEND"] = "module://ada_mpl_backend"

# Agg cannot open windows; `plt.show()` in model-written code would only warn.
warnings.filterwarnings("ignore", message=".*non-interactive.*")

namespace = {"__name__": "__main__", "display": ada_display.display}

# `publish(json_text)` is the worker's JS function; it is looked up when an output is published.
# allow_nan=False: ada_display keeps outputs JSON-safe, and a slip must not reach the page as NaN.
ada_display.set_publisher(
    lambda output: publish(  # noqa: F821
        json.dumps(output, allow_nan=False, ensure_ascii=False, separators=(",", ":"))
    )
)


async def run(code):
    """Runs one cell; its outputs go to `publish` as they happen. Returns "completed" or "error".

    Pyodide's eval_code_async returns the last expression's value, and None when the code ends
    in ";" (quiet_trailing_semicolon, on by default) — Jupyter's rule for hiding it.
    """
    return await ada_display.run_cell(
        code, lambda filename: eval_code_async(code, namespace, filename=filename)
    )
