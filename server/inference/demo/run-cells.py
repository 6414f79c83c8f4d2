"""Runs the offline demo's cells under CPython, as the browser's kernel would, for its tests.

Reads {"cells": [code, ...], "data": folder} as JSON on stdin and writes each cell's outputs,
in nbformat's shape, as JSON on stdout. The cells share one namespace, as in the kernel. Two
stand-ins replace the browser: `display(bundle, raw=True)` records the MIME bundle (the real
one is ada_display.display), and `open` reads "/data/..." from the given folder, where the
browser mounts the files.
"""

import builtins
import contextlib
import io
import json
import os
import sys
import traceback

CELL_FILENAME = "<cell>"


class Outputs(io.TextIOBase):
    """A cell's outputs in order; consecutive writes to stdout make one stream output."""

    def __init__(self):
        self.items = []

    def write(self, text):
        if self.items and self.items[-1]["output_type"] == "stream":
            self.items[-1]["text"] += text
        else:
            self.items.append({"output_type": "stream", "name": "stdout", "text": text})
        return len(text)

    def display(self, *objs, raw=False):
        for obj in objs:
            if not raw or not isinstance(obj, dict) or not all(isinstance(key, str) for key in obj):
                raise TypeError("the demo displays MIME bundles only: display({mime: data}, raw=True)")
            # The bundle travels to the browser as JSON: NaN or an object would not survive.
            data = json.loads(json.dumps(obj, allow_nan=False))
            self.items.append({"output_type": "display_data", "data": data, "metadata": {}})


def run(cells, folder):
    def open_mounted(path, *args, **kwargs):
        if isinstance(path, str) and path.startswith("/data/"):
            path = os.path.join(folder, path[len("/data/") :])
        return builtins.open(path, *args, **kwargs)

    namespace = {"__name__": "__main__", "open": open_mounted}
    results = []
    for code in cells:
        outputs = Outputs()
        namespace["display"] = outputs.display
        with contextlib.redirect_stdout(outputs):
            try:
                exec(compile(code, CELL_FILENAME, "exec"), namespace)
            except Exception as error:  # noqa: BLE001 - a failing cell is reported, as the kernel does
                frames = error.__traceback__.tb_next  # from the cell's own frame on
                outputs.items.append(
                    {
                        "output_type": "error",
                        "ename": type(error).__name__,
                        "evalue": str(error),
                        "traceback": traceback.format_exception(type(error), error, frames),
                    }
                )
        results.append(outputs.items)
    return results


if __name__ == "__main__":
    request = json.load(sys.stdin)
    json.dump(run(request["cells"], request["data"]), sys.stdout)
