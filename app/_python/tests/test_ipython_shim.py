"""The IPython.display shim (app/_python/shims/): Jupyter code's imports work, each display
object gives IPython's MIME type, and libraries that look for IPython keep working beside it.

The shim is on sys.path for this module only, as /ada is in the worker: the other modules test
the kernel as CPython without IPython sees it.
"""

import base64
import importlib
import os
import re
import sys
import tempfile
import unittest
from pathlib import Path

import altair
import matplotlib.pyplot as plt
import pandas
from support import PYTHON_DIR, ada_display, capture, run_cells

SHIMS = str(PYTHON_DIR / "shims")
PNG = b"\x89PNG\r\n\x1a\nrest-of-a-png"
JPEG = b"\xff\xd8\xff\xe0rest-of-a-jpeg"
VEGALITE = re.compile(r"application/vnd\.vegalite\.v\d+\+json")

ipython = None
shim = None  # IPython.display, imported once the shim is on sys.path


def setUpModule():
    global ipython, shim
    sys.path.insert(0, SHIMS)
    ipython = importlib.import_module("IPython")
    shim = importlib.import_module("IPython.display")


def tearDownModule():
    sys.path.remove(SHIMS)
    for name in [name for name in sys.modules if name == "IPython" or name.startswith("IPython.")]:
        del sys.modules[name]


def display_one(obj):
    with capture() as recorder:
        ada_display.display(obj)
    [output] = recorder.outputs
    return output


def b64(data):
    return base64.b64encode(data).decode()


class ImportTest(unittest.TestCase):
    def test_the_shim_is_what_imports_find(self):
        self.assertEqual(Path(ipython.__file__).parent, Path(SHIMS) / "IPython")

    def test_jupyter_imports_work_and_display_is_the_kernels(self):
        statuses, recorder = run_cells(
            "from IPython.display import (\n"
            "    display, HTML, Markdown, Image, SVG, JSON, Latex, Math, clear_output\n"
            ")\n"
            "from IPython import display as display_module\n"
            "import IPython\n"
            "print(display is IPython.display.display is display_module.display)\n"
            'display(HTML("<b>hi</b>"))\n'
            'Markdown("**done**")'
        )
        self.assertEqual(statuses, ["completed"])
        self.assertEqual(recorder.text("stdout"), "True\n")
        self.assertIs(shim.display, ada_display.display)
        html, value = recorder.outputs
        self.assertEqual(html["output_type"], "display_data")
        self.assertEqual(
            html["data"], {"text/html": "<b>hi</b>", "text/plain": "<IPython.display.HTML object>"}
        )
        self.assertEqual(value["output_type"], "execute_result")
        self.assertEqual(value["data"]["text/markdown"], "**done**")

    def test_a_name_the_shim_lacks_fails_to_import_by_name(self):
        statuses, recorder = run_cells("from IPython.display import Javascript")
        self.assertEqual(statuses, ["error"])
        [error] = recorder.outputs
        self.assertEqual(error["ename"], "ImportError")
        self.assertIn("cannot import name 'Javascript' from 'IPython.display'", error["evalue"])

    def test_there_is_no_shell_and_the_version_is_one_matplotlib_needs_no_workaround_for(self):
        self.assertIsNone(ipython.get_ipython())
        # matplotlib 3.10 (Pyodide's) reads version_info on every new canvas.
        self.assertGreaterEqual(ipython.version_info[:2], (8, 24))

    def test_clear_output_shows_nothing(self):
        with capture() as recorder:
            self.assertIsNone(shim.clear_output(wait=True))
        self.assertEqual(recorder.outputs, [])


class TextObjectTest(unittest.TestCase):
    def test_each_text_object_gives_its_mime_type(self):
        self.assertEqual(display_one(shim.Markdown("# Title"))["data"]["text/markdown"], "# Title")
        self.assertEqual(display_one(shim.Latex(r"$\alpha$"))["data"]["text/latex"], r"$\alpha$")
        self.assertEqual(display_one(shim.Math(r"$x^2$"))["data"]["text/latex"], r"$\displaystyle x^2$")

    def test_metadata_goes_with_the_mime_type(self):
        output = display_one(shim.HTML("<i>x</i>", metadata={"isolated": True}))
        self.assertEqual(output["metadata"], {"text/html": {"isolated": True}})

    def test_text_is_read_from_a_file_given_by_name_or_path(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "report.md"
            path.write_text("**from a file**", encoding="utf-8")
            self.assertEqual(shim.Markdown(str(path)).data, "**from a file**")
            self.assertEqual(shim.HTML(filename=str(path)).data, "**from a file**")
            self.assertEqual(shim.Markdown(path).data, "**from a file**")

    def test_a_url_cannot_be_downloaded_and_says_what_to_do(self):
        message = r"HTML cannot download https://example\.org/.*a file under /data"
        with self.assertRaisesRegex(ValueError, message):
            shim.HTML(url="https://example.org/page.html")

    def test_bytes_are_not_text(self):
        with self.assertRaisesRegex(TypeError, "HTML expects text, not bytes"):
            shim.HTML(b"<b>x</b>")

    def test_svg_keeps_only_the_svg_element(self):
        element = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1"/></svg>'
        svg = f'<?xml version="1.0"?>\n<!DOCTYPE svg>\n{element}'
        for data in (svg, svg.encode()):
            output = display_one(shim.SVG(data))
            self.assertEqual(output["data"]["image/svg+xml"], element)

    def test_json_is_a_tree_with_its_front_end_metadata(self):
        output = display_one(shim.JSON({"a": [1, 2]}, expanded=True))
        self.assertEqual(output["data"]["application/json"], {"a": [1, 2]})
        self.assertEqual(output["metadata"], {"application/json": {"expanded": True, "root": "root"}})
        self.assertEqual(shim.JSON('["parsed", 1]').data, ["parsed", 1])
        with self.assertRaisesRegex(TypeError, "JSON expects a dict or list, not int"):
            shim.JSON(3)


class ImageTest(unittest.TestCase):
    def test_png_bytes_with_their_size(self):
        output = display_one(shim.Image(PNG, width=120, alt="chart"))
        self.assertEqual(output["data"]["image/png"], b64(PNG))
        self.assertEqual(output["metadata"], {"image/png": {"width": 120, "alt": "chart"}})

    def test_jpeg_is_recognised_from_its_bytes_or_named(self):
        self.assertEqual(display_one(shim.Image(JPEG))["data"]["image/jpeg"], b64(JPEG))
        self.assertIn("image/jpeg", display_one(shim.Image(PNG, format="jpg"))["data"])

    def test_a_file_is_read_and_its_extension_gives_the_format(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "photo.JPG")
            Path(path).write_bytes(JPEG)
            for image in (shim.Image(path), shim.Image(filename=path), shim.Image(Path(path))):
                self.assertEqual(display_one(image)["data"]["image/jpeg"], b64(JPEG))

    def test_a_url_is_shown_from_where_it_is(self):
        output = display_one(shim.Image("https://example.org/a.png?x=1&y=2", width=50))
        self.assertEqual(
            output["data"]["text/html"], '<img src="https://example.org/a.png?x=1&amp;y=2" width="50"/>'
        )
        self.assertNotIn("image/png", output["data"])

    def test_what_cannot_be_shown_says_why(self):
        with self.assertRaisesRegex(ValueError, "Cannot show a 'gif' image: convert it to PNG or JPEG"):
            shim.Image(b"GIF89a", format="gif")
        with self.assertRaisesRegex(ValueError, "cannot download https://example.org/a.png to embed it"):
            shim.Image(url="https://example.org/a.png", embed=True)
        with self.assertRaisesRegex(FileNotFoundError, "no file named 'missing.png'"):
            shim.Image("missing.png")
        with self.assertRaisesRegex(ValueError, "No image data found"):
            shim.Image()


class LibrariesBesideTheShimTest(unittest.TestCase):
    """Libraries import IPython when it is there and then ask for its shell: None, so they
    behave as without IPython, and Altair's own display() goes through the shim."""

    def tearDown(self):
        plt.close("all")
        pandas.reset_option("display.html.table_schema")
        altair.renderers.enable("default")

    def test_pandas_and_matplotlib_ask_for_the_shell(self):
        pandas.set_option("display.html.table_schema", True)  # calls IPython.get_ipython()
        plt.switch_backend("agg")  # installs its REPL hook: IPython.get_ipython() again
        statuses, recorder = run_cells(
            "import IPython.display, pandas, matplotlib.pyplot as plt\n"
            "plt.plot([1, 2])\n"
            "pandas.DataFrame({'a': [1, 2]})"
        )
        self.assertEqual(statuses, ["completed"])
        table, figure = recorder.outputs
        self.assertIn(ada_display.TABLE_MIME, table["data"])
        self.assertIn("image/png", figure["data"])

    def test_altairs_own_display_shows_the_chart(self):
        chart = altair.Chart(pandas.DataFrame({"x": [1, 2]})).mark_point().encode(x="x:Q")
        with capture() as recorder:
            # Altair 4 to 6: `from IPython.display import display` (show() too, from Altair 5 on)
            chart.display()
        [output] = recorder.outputs
        self.assertEqual(len([mime for mime in output["data"] if VEGALITE.fullmatch(mime)]), 1)


if __name__ == "__main__":
    unittest.main()
