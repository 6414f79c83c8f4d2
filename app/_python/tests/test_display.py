"""display(): IPython's formatter semantics, raw bundles, JSON safety, size caps, ordering."""

import base64
import unittest

from support import ada_display, capture

display = ada_display.display

PNG = b"\x89PNG\r\n\x1a\nnot-really-a-png"


class EveryRepr:
    def _repr_html_(self):
        return "<b>html</b>"

    def _repr_markdown_(self):
        return "**markdown**"

    def _repr_svg_(self):
        return "<svg></svg>"

    def _repr_png_(self):
        return PNG

    def _repr_jpeg_(self):
        return base64.b64encode(b"jpeg").decode()

    def _repr_json_(self):
        return {"a": [1, 2.5, None]}

    def _repr_latex_(self):
        return r"$x^2$"

    def __repr__(self):
        return "EveryRepr()"


def only_output(recorder):
    [output] = recorder.outputs
    return output


class FormatterTest(unittest.TestCase):
    def test_every_repr_method_gives_its_mime_type_and_repr_is_the_text(self):
        with capture() as recorder:
            display(EveryRepr())
        output = only_output(recorder)
        self.assertEqual(output["output_type"], "display_data")
        self.assertEqual(
            output["data"],
            {
                "text/html": "<b>html</b>",
                "text/markdown": "**markdown**",
                "image/svg+xml": "<svg></svg>",
                "image/png": base64.b64encode(PNG).decode(),
                "image/jpeg": base64.b64encode(b"jpeg").decode(),
                "application/json": {"a": [1, 2.5, None]},
                "text/latex": r"$x^2$",
                "text/plain": "EveryRepr()",
            },
        )
        self.assertEqual(output["metadata"], {})

    def test_the_mimebundle_comes_first_and_the_other_methods_fill_in(self):
        calls = []

        class Bundled:
            def _repr_mimebundle_(self, include=None, exclude=None):
                calls.append((include, exclude))
                return {"text/html": "<i>from the bundle</i>", "text/plain": "plain from the bundle"}

            def _repr_html_(self):
                raise AssertionError("not called: the bundle has text/html")

            def _repr_markdown_(self):
                return "md"

        with capture() as recorder:
            display(Bundled(), exclude=["image/png"])
        self.assertEqual(
            only_output(recorder)["data"],
            {
                "text/html": "<i>from the bundle</i>",
                "text/plain": "plain from the bundle",
                "text/markdown": "md",
            },
        )
        self.assertEqual(calls, [(None, ["image/png"])])

    def test_tuples_carry_metadata_keyed_by_mime_type(self):
        class WithMetadata:
            def _repr_mimebundle_(self, include=None, exclude=None):
                return {"text/html": "<p>x</p>"}, {"text/html": {"isolated": True}}

            def _repr_png_(self):
                return PNG, {"width": 20, "height": 10}

        with capture() as recorder:
            display(WithMetadata())
        output = only_output(recorder)
        self.assertEqual(set(output["data"]), {"text/html", "image/png", "text/plain"})
        self.assertEqual(
            output["metadata"], {"text/html": {"isolated": True}, "image/png": {"width": 20, "height": 10}}
        )

    def test_methods_returning_none_add_nothing(self):
        class Declines:
            def _repr_html_(self):
                return None

            def __repr__(self):
                return "Declines()"

        with capture() as recorder:
            display(Declines())
        self.assertEqual(only_output(recorder)["data"], {"text/plain": "Declines()"})

    def test_a_raising_method_is_skipped_with_a_one_line_note_and_the_rest_is_shown(self):
        class Broken:
            def _repr_html_(self):
                raise ValueError("no html\ntoday")

            def _repr_markdown_(self):
                return "still here"

            def __repr__(self):
                raise RuntimeError("no repr either")

        with capture() as recorder:
            display(Broken())
            print("the cell goes on")
        data = only_output(recorder)["data"]
        self.assertEqual(data["text/markdown"], "still here")
        self.assertNotIn("text/html", data)
        self.assertRegex(data["text/plain"], r"^<.*Broken object at 0x[0-9a-f]+>$")
        self.assertEqual(
            recorder.text("stderr").splitlines(),
            [
                "Broken._repr_html_() raised ValueError: no html today; it was skipped.",
                "Broken.__repr__() raised RuntimeError: no repr either; it was skipped.",
            ],
        )
        self.assertEqual(recorder.text("stdout"), "the cell goes on\n")

    def test_values_of_the_wrong_kind_are_skipped_with_a_note(self):
        class Wrong:
            def _repr_html_(self):
                return 42

            def _repr_mimebundle_(self, include=None, exclude=None):
                return ["not", "a", "dict"]

        with capture() as recorder:
            display(Wrong())
        self.assertEqual(set(only_output(recorder)["data"]), {"text/plain"})
        self.assertIn("_repr_mimebundle_() returned list, not a dict", recorder.text("stderr"))
        self.assertIn("text/html was skipped: it is a int, not text", recorder.text("stderr"))

    def test_include_and_exclude_select_mime_types(self):
        with capture() as recorder:
            display(EveryRepr(), include=["text/html", "text/plain"])
            display(EveryRepr(), exclude=["text/html", "image/png", "image/jpeg", "application/json"])
        first, second = recorder.outputs
        self.assertEqual(set(first["data"]), {"text/html", "text/plain"})
        self.assertEqual(set(second["data"]), {"text/markdown", "image/svg+xml", "text/latex", "text/plain"})

    def test_metadata_given_to_display_is_merged_over_the_objects_own(self):
        class Sized:
            def _repr_png_(self):
                return PNG, {"width": 20, "height": 10}

        with capture() as recorder:
            display(Sized(), metadata={"image/png": {"width": 40}, "note": "mine"})
        self.assertEqual(
            only_output(recorder)["metadata"], {"image/png": {"width": 40, "height": 10}, "note": "mine"}
        )

    def test_classes_and_objects_that_answer_every_attribute_show_as_text(self):
        class Anything:
            def __getattr__(self, name):
                return lambda *args, **kwargs: "<b>anything</b>"

            def __repr__(self):
                return "Anything()"

        with capture() as recorder:
            display(EveryRepr, Anything())
        as_class, anything = recorder.outputs
        self.assertEqual(as_class["data"], {"text/plain": repr(EveryRepr)})
        self.assertEqual(anything["data"], {"text/plain": "Anything()"})

    def test_each_object_is_one_output(self):
        with capture() as recorder:
            display(1, "two", [3])
        self.assertEqual([output["data"] for output in recorder.outputs], [
            {"text/plain": "1"},
            {"text/plain": "'two'"},
            {"text/plain": "[3]"},
        ])


class RawTest(unittest.TestCase):
    def test_raw_bundles_are_taken_as_they_are(self):
        bundle = {"text/html": "<b>raw</b>", "application/vnd.vegalite.v5+json": {"mark": "bar"}}
        with capture() as recorder:
            display(bundle, raw=True, metadata={"text/html": {"isolated": True}})
        output = only_output(recorder)
        self.assertEqual(output["data"], bundle)
        self.assertEqual(output["metadata"], {"text/html": {"isolated": True}})

    def test_raw_bytes_images_become_base64_and_json_text_becomes_a_value(self):
        with capture() as recorder:
            display({"image/png": PNG, "application/json": '{"a": 1}'}, raw=True)
        self.assertEqual(
            only_output(recorder)["data"],
            {"image/png": base64.b64encode(PNG).decode(), "application/json": {"a": 1}},
        )

    def test_raw_needs_a_dict(self):
        with capture() as recorder:
            display("<b>not a bundle</b>", raw=True)
        self.assertEqual(recorder.outputs, [])
        self.assertIn("display(raw=True) takes MIME bundle dicts, not str", recorder.text("stderr"))


class JsonSafetyTest(unittest.TestCase):
    def test_json_that_is_not_strict_json_is_skipped_with_a_note(self):
        with capture() as recorder:
            display(
                {
                    "application/json": {"x": float("nan")},
                    "application/vnd.vega.v5+json": {"s": {1, 2}},
                    "application/vnd.custom+json": "{not json",
                    "text/plain": "kept",
                },
                raw=True,
            )
        self.assertEqual(only_output(recorder)["data"], {"text/plain": "kept"})
        notes = recorder.text("stderr").splitlines()
        self.assertEqual(len(notes), 3)
        self.assertTrue(all("was skipped" in note for note in notes))

    def test_metadata_that_cannot_be_json_is_dropped(self):
        with capture() as recorder:
            display({"text/plain": "x"}, raw=True, metadata={"when": object()})
        self.assertEqual(only_output(recorder)["metadata"], {})
        self.assertIn("metadata was dropped", recorder.text("stderr"))


class SizeCapTest(unittest.TestCase):
    def test_a_value_above_the_cap_is_replaced_by_a_note(self):
        html = "<p>" + "x" * ada_display.MAX_MIME_CHARS
        with capture() as recorder:
            display({"text/html": html, "text/plain": "short text"}, raw=True)
        data = only_output(recorder)["data"]
        self.assertEqual(list(data), ["text/plain"])
        self.assertEqual(
            data["text/plain"], "[text/html not shown: 2.0 MB, above the limit of 2.0 MB]\nshort text"
        )

    def test_json_is_measured_as_serialized(self):
        big = {"values": ["y" * 1000] * 2100}
        with capture() as recorder:
            display({"application/json": big}, raw=True)
        self.assertEqual(
            only_output(recorder)["data"],
            {"text/plain": "[application/json not shown: 2.1 MB, above the limit of 2.0 MB]"},
        )

    def test_one_output_holds_at_most_the_total_cap(self):
        part = "z" * 1_500_000
        with capture() as recorder:
            display(
                {"text/html": part, "text/markdown": part, "text/latex": part, "text/plain": "p"}, raw=True
            )
        data = only_output(recorder)["data"]
        self.assertEqual(set(data), {"text/html", "text/markdown", "text/plain"})
        self.assertTrue(
            data["text/plain"].startswith("[text/latex not shown: 1.5 MB, more than the 1.0 MB left")
        )
        self.assertLessEqual(sum(len(value) for value in data.values()), ada_display.MAX_OUTPUT_CHARS)


class PublishingTest(unittest.TestCase):
    def test_text_printed_before_an_output_is_flushed_before_it(self):
        with capture() as recorder:
            print("before", end="")
            display("shown")
            print("after")
        self.assertEqual(
            recorder.merged(),
            [
                ("stdout", "before"),
                (
                    "output",
                    {"output_type": "display_data", "data": {"text/plain": "'shown'"}, "metadata": {}},
                ),
                ("stdout", "after\n"),
            ],
        )

    def test_execute_result_carries_the_count_and_none_shows_nothing(self):
        with capture() as recorder:
            ada_display.publish_execute_result(None, 3)
            ada_display.publish_execute_result(42, 4)
        self.assertEqual(
            recorder.outputs,
            [
                {
                    "output_type": "execute_result",
                    "execution_count": 4,
                    "data": {"text/plain": "42"},
                    "metadata": {},
                }
            ],
        )

    def test_publishing_without_a_publisher_says_so(self):
        with self.assertRaisesRegex(RuntimeError, "set_publisher"):
            display("nowhere")


if __name__ == "__main__":
    unittest.main()
