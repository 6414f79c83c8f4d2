"""What the CPython tests share.

- The kernel's modules on sys.path, and matplotlib on Agg, as in the worker.
- `capture()`: outputs and printed text recorded in the order they happened. stdout/stderr are
  buffered text streams, like Pyodide's, so text printed before an output reaches the record
  before it only if the output was published after a flush.
- `run_cells()`: cells run through runtime.py as the worker runs them, with Pyodide's own
  `pyodide.code.eval_code_async`. That module is pure Python: it is loaded from the standard
  library zip of the `pyodide` npm package, without the package's __init__ (which needs the
  WebAssembly core).
"""

import asyncio
import contextlib
import io
import json
import os
import sys
import types
from pathlib import Path

PYTHON_DIR = Path(__file__).resolve().parents[1]
PYODIDE_STDLIB = PYTHON_DIR.parents[1] / "node_modules" / "pyodide" / "python_stdlib.zip"

os.environ["MPLBACKEND"] = "Agg"
sys.path.insert(0, str(PYTHON_DIR))

import ada_display  # noqa: E402
import ada_files  # noqa: E402, F401 - for test_files


class _RecordingRaw(io.RawIOBase):
    def __init__(self, events, name):
        self.events, self.name = events, name

    def writable(self):
        return True

    def write(self, data):
        self.events.append((self.name, bytes(data).decode("utf-8")))
        return len(data)


def _reject_constant(name):
    raise ValueError(f"{name} is not JSON")


class Recorder:
    def __init__(self):
        self.events = []
        self.stdout = self._stream("stdout")
        self.stderr = self._stream("stderr")

    def _stream(self, name):
        return io.TextIOWrapper(io.BufferedWriter(_RecordingRaw(self.events, name)), encoding="utf-8")

    def publish(self, output):
        # Outputs must survive strict JSON (no NaN): the worker sends them as JSON text.
        self.publish_json(json.dumps(output, allow_nan=False))

    def publish_json(self, text):
        self.events.append(("output", json.loads(text, parse_constant=_reject_constant)))

    def merged(self):
        """Events with consecutive writes to one stream joined, as the worker keeps them."""
        self.stdout.flush()
        self.stderr.flush()
        merged = []
        for kind, value in self.events:
            if kind != "output" and merged and merged[-1][0] == kind:
                merged[-1] = (kind, merged[-1][1] + value)
            else:
                merged.append((kind, value))
        return merged

    @property
    def outputs(self):
        return [value for kind, value in self.merged() if kind == "output"]

    def text(self, stream):
        return "".join(value for kind, value in self.merged() if kind == stream)


@contextlib.contextmanager
def capture(publisher=True):
    """Records outputs (through ada_display's publisher unless told not to) and printed text."""
    recorder = Recorder()
    if publisher:
        ada_display.set_publisher(recorder.publish)
    try:
        with contextlib.redirect_stdout(recorder.stdout), contextlib.redirect_stderr(recorder.stderr):
            yield recorder
    finally:
        recorder.merged()
        ada_display.set_publisher(None)


def _load_pyodide_code():
    if "pyodide.code" in sys.modules:
        return
    if not PYODIDE_STDLIB.is_file():
        raise RuntimeError(f"{PYODIDE_STDLIB} is missing: run `npm install` first.")
    for name in ("_pyodide", "pyodide"):
        package = types.ModuleType(name)
        package.__path__ = [f"{PYODIDE_STDLIB}/{name}"]
        sys.modules[name] = package
    import pyodide.code  # noqa: F401


def load_runtime():
    """runtime.py in a namespace of its own, as the worker loads it."""
    _load_pyodide_code()
    runtime = {"__name__": "runtime"}
    exec(compile((PYTHON_DIR / "runtime.py").read_text(), "runtime.py", "exec"), runtime)
    return runtime


def run_cells(*cells):
    """Runs the cells one after the other in one runtime; returns (statuses, recorder)."""
    runtime = load_runtime()
    with capture(publisher=False) as recorder:
        runtime["publish"] = recorder.publish_json
        statuses = [asyncio.run(runtime["run"](code)) for code in cells]
    return statuses, recorder
