"""A stand-in for IPython in Ada's Python worker: `IPython.display` and nothing else.

Code written for Jupyter imports IPython.display; the real IPython is not loaded (Pyodide would
fetch it and eleven other packages for a `display()` the kernel already has). The worker writes
this package under /ada, first on sys.path. Libraries that look for IPython find it and then ask
`get_ipython()`, which answers None: there is no IPython shell here, as in a plain `python`.
"""

from . import display  # noqa: F401 - `import IPython` then `IPython.display.display(...)`

# The IPython release whose display API this follows (Pyodide 314's lock has 9.12). matplotlib
# 3.10 reads it whenever it makes a canvas, and skips its IPython < 8.24 workarounds from it.
version_info = (9, 12, 0, "")
__version__ = "9.12.0"


def get_ipython():
    """The running IPython shell: None, since there is none."""
    return None
