"""matplotlib's backend in Ada's kernel: Agg, with `plt.show()` showing the figures there and then.

Selected with MPLBACKEND=module://ada_mpl_backend (the worker sets it before Python starts).
As in Jupyter's inline backend, `plt.show()` publishes every open figure as PNG at that point of
the cell, between the text printed before and after it, and closes them; figures still open when
the cell ends are published then (ada_display.run_cell). Plain Agg would only warn that it
cannot show anything. Nothing here is Pyodide-specific: it is tested under CPython.
"""

import ada_display
from matplotlib.backend_bases import FigureManagerBase
from matplotlib.backends.backend_agg import FigureCanvasAgg


class FigureManager(FigureManagerBase):
    def show(self):
        """`fig.show()`: this figure, now. The base class would warn that the backend has no
        windows (in Pyodide, where the platform is not a headless Linux)."""
        ada_display.display(self.canvas.figure)


class FigureCanvas(FigureCanvasAgg):
    manager_class = FigureManager


def show(*, block=None):
    """`plt.show()`: every open figure, now. Nothing here waits, whatever `block` says."""
    ada_display.flush_figures()
