"""matplotlib: open figures are captured as PNG at the end of a cell and closed; display(fig)."""

import base64
import unittest

import matplotlib.pyplot as plt
from support import ada_display, capture

display = ada_display.display

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class FigureTest(unittest.TestCase):
    def tearDown(self):
        plt.close("all")

    def assert_png_figure(self, output, axes):
        self.assertEqual(output["data"]["text/plain"], f"<Figure size 640x480 with {axes} Axes>")
        self.assertTrue(base64.b64decode(output["data"]["image/png"]).startswith(PNG_SIGNATURE))

    def test_every_open_figure_is_published_and_closed(self):
        plt.plot([1, 3, 2])
        figure, axes = plt.subplots(1, 2)
        axes[0].bar(["a", "b"], [1, 2])
        with capture() as recorder:
            returned = ada_display.flush_figures()
        self.assertEqual(returned, recorder.outputs)
        self.assertEqual([output["output_type"] for output in returned], ["display_data", "display_data"])
        self.assert_png_figure(returned[0], 1)
        self.assert_png_figure(returned[1], 2)
        self.assertEqual(plt.get_fignums(), [])

    def test_a_blank_figure_is_closed_without_an_output(self):
        plt.figure()
        with capture() as recorder:
            self.assertEqual(ada_display.flush_figures(), [])
        self.assertEqual(recorder.outputs, [])
        self.assertEqual(plt.get_fignums(), [])

    def test_display_of_a_figure_shows_it_once(self):
        figure, axes = plt.subplots()
        axes.plot([0, 1])
        with capture() as recorder:
            display(figure)
            ada_display.flush_figures()
        [output] = recorder.outputs
        self.assert_png_figure(output, 1)
        self.assertEqual(plt.get_fignums(), [])

    def test_a_figure_that_cannot_be_drawn_is_noted_and_closed(self):
        broken, axes = plt.subplots()
        axes.set_title(r"$\notacommand{x}$")  # mathtext fails only when the figure is drawn
        plt.figure().add_subplot().plot([1, 2])
        with capture() as recorder:
            display(broken)
            outputs = ada_display.flush_figures()
        as_text, drawn = recorder.outputs
        self.assertEqual(list(as_text["data"]), ["text/plain"])
        self.assertEqual(outputs, [drawn])
        self.assert_png_figure(drawn, 1)
        self.assertRegex(recorder.text("stderr"), r"^Could not draw the figure: ValueError: .*\n$")
        self.assertEqual(plt.get_fignums(), [])


if __name__ == "__main__":
    unittest.main()
