"""Altair charts render as Vega-Lite JSON through their own _repr_mimebundle_ (Altair 4 to 6)."""

import re
import unittest

import altair
import pandas
from support import ada_display, capture

display = ada_display.display

VEGALITE = re.compile(r"application/vnd\.vegalite\.v\d+\+json")


def chart():
    frame = pandas.DataFrame({"city": ["Oslo", "Lima"], "rain": [2.5, None]})
    return altair.Chart(frame).mark_bar().encode(x="city:N", y="rain:Q")


class AltairTest(unittest.TestCase):
    def tearDown(self):
        altair.renderers.enable("default")

    def test_a_chart_is_a_vegalite_spec_not_html(self):
        with capture() as recorder:
            display(chart())
        [output] = recorder.outputs
        [mime] = [mime for mime in output["data"] if VEGALITE.fullmatch(mime)]
        self.assertNotIn("text/html", output["data"])
        self.assertIn("text/plain", output["data"])
        spec = output["data"][mime]
        mark = spec["mark"]  # "bar" in Altair 4, {"type": "bar"} from Altair 5 on
        self.assertEqual(mark if isinstance(mark, str) else mark["type"], "bar")
        [rows] = spec["datasets"].values()
        self.assertEqual(rows, [{"city": "Oslo", "rain": 2.5}, {"city": "Lima", "rain": None}])
        self.assertEqual(altair.renderers.active, "mimetype")

    def test_a_renderer_the_user_chose_is_kept(self):
        altair.renderers.enable("json")
        with capture() as recorder:
            display(chart())
        [output] = recorder.outputs
        self.assertIn("application/json", output["data"])
        self.assertEqual(altair.renderers.active, "json")

    def test_an_invalid_chart_says_why_and_shows_as_text(self):
        invalid = chart().encode(color=altair.Color("city", type="bogus"))
        with capture() as recorder:
            display(invalid)
        [output] = recorder.outputs
        self.assertEqual(list(output["data"]), ["text/plain"])
        self.assertRegex(
            recorder.text("stderr"), r"Chart\._repr_mimebundle_\(\) raised .*SchemaValidationError"
        )


if __name__ == "__main__":
    unittest.main()
