"""ada_mpl_backend: `plt.show()` and `fig.show()` show figures where they are called, as in
Jupyter; what is still open is shown when the cell ends."""

import json
import os
import subprocess
import sys
import unittest

import matplotlib.pyplot as plt
from support import PYTHON_DIR, run_cells

BACKEND = "module://ada_mpl_backend"


def kinds(recorder):
    return [kind if kind != "output" else value["output_type"] for kind, value in recorder.merged()]


def run(cell):
    """One cell in a fresh runtime, with pyplot imported as model code does."""
    return run_cells("import matplotlib.pyplot as plt\n" + cell)


def captions(recorder):
    """The text/plain of each figure shown: "<Figure size 640x480 with 1 Axes>"."""
    return [output["data"]["text/plain"] for output in recorder.outputs]


class ShowTest(unittest.TestCase):
    def setUp(self):
        # In the worker MPLBACKEND selects it before matplotlib loads; the other modules test Agg.
        plt.switch_backend(BACKEND)

    def tearDown(self):
        plt.switch_backend("agg")

    def test_plt_show_shows_the_figures_between_the_prints_around_it(self):
        statuses, recorder = run(
            "print('before')\n"
            "plt.plot([1, 2])\n"
            "plt.subplots(1, 2)\n"
            "plt.show()\n"
            "print('after')\n"
            "len(plt.get_fignums())"
        )
        self.assertEqual(statuses, ["completed"])
        self.assertEqual(
            kinds(recorder), ["stdout", "display_data", "display_data", "stdout", "execute_result"]
        )
        self.assertEqual(recorder.text("stdout"), "before\nafter\n")
        figure, pair, count = recorder.outputs
        self.assertIn("image/png", figure["data"])
        self.assertEqual(pair["data"]["text/plain"], "<Figure size 640x480 with 2 Axes>")
        self.assertEqual(count["data"], {"text/plain": "0"})

    def test_figures_drawn_after_show_are_shown_when_the_cell_ends(self):
        _, recorder = run(
            "plt.plot([1])\nplt.show(block=False)\nprint('between')\n"
            "plt.figure(figsize=(3, 2)).add_subplot();"
        )
        self.assertEqual(kinds(recorder), ["display_data", "stdout", "display_data"])
        self.assertEqual(
            captions(recorder), ["<Figure size 640x480 with 1 Axes>", "<Figure size 300x200 with 1 Axes>"]
        )

    def test_fig_show_shows_that_figure_only(self):
        _, recorder = run(
            "first, axes = plt.subplots()\naxes.plot([1, 2])\n"
            "second = plt.figure(figsize=(3, 2))\nsecond.add_subplot().plot([2, 1])\n"
            "second.show()\nprint('shown')"
        )
        self.assertEqual(kinds(recorder), ["display_data", "stdout", "display_data"])
        self.assertEqual(
            captions(recorder), ["<Figure size 300x200 with 1 Axes>", "<Figure size 640x480 with 1 Axes>"]
        )

    def test_show_with_nothing_drawn_shows_nothing(self):
        statuses, recorder = run("plt.show()\nplt.figure()\nplt.show()\nplt.get_fignums()")
        self.assertEqual(statuses, ["completed"])
        self.assertEqual([output["data"] for output in recorder.outputs], [{"text/plain": "[]"}])
        self.assertEqual(recorder.text("stderr"), "")


class EnvironmentTest(unittest.TestCase):
    def test_mplbackend_selects_it_before_matplotlib_loads(self):
        """As the worker does: MPLBACKEND in the environment, the module on sys.path."""
        script = (
            "import json, ada_display\n"
            "ada_display.set_publisher(lambda output: print(json.dumps(output['data']['text/plain'])))\n"
            "import matplotlib, matplotlib.pyplot as plt\n"
            "print(matplotlib.get_backend())\n"
            "plt.plot([1, 2]); plt.show()\n"
            "print(plt.get_fignums())\n"
        )
        env = {**os.environ, "MPLBACKEND": BACKEND, "PYTHONPATH": str(PYTHON_DIR)}
        result = subprocess.run(
            [sys.executable, "-B", "-c", script], env=env, capture_output=True, text=True, timeout=60
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(
            result.stdout.splitlines(),
            [BACKEND, json.dumps("<Figure size 640x480 with 1 Axes>"), "[]"],
        )
        self.assertEqual(result.stderr, "")


if __name__ == "__main__":
    unittest.main()
