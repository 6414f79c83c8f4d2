"""DataFrames and Series: Table Schema + data with the index, JSON-safe, capped, with counts."""

import json
import unittest

import numpy
import pandas
from support import ada_display, capture

TABLE_MIME = ada_display.TABLE_MIME
display = ada_display.display


def shown(obj):
    with capture() as recorder:
        display(obj)
    [output] = recorder.outputs
    return output, recorder


def names(resource):
    return [field["name"] for field in resource["schema"]["fields"]]


class FrameTest(unittest.TestCase):
    def test_a_frame_is_a_table_with_its_index_html_and_text(self):
        frame = pandas.DataFrame(
            {
                "city": ["Oslo", "Lima", None],
                "temp": [1.5, numpy.nan, numpy.inf],
                "when": pandas.to_datetime(["2024-01-02", None, "2024-03-04 05:06:07"]),
                "count": [1, 2, 3],
            },
            index=pandas.Index([10, 20, 30], name="id"),
        )
        output, recorder = shown(frame)
        resource = output["data"][TABLE_MIME]
        self.assertEqual(names(resource), ["id", "city", "temp", "when", "count"])
        self.assertEqual(resource["schema"]["primaryKey"], ["id"])
        types = {field["name"]: field["type"] for field in resource["schema"]["fields"]}
        self.assertEqual(
            types,
            {"id": "integer", "city": "string", "temp": "number", "when": "datetime", "count": "integer"},
        )
        self.assertEqual(
            [(row["id"], row["city"], row["temp"], row["count"]) for row in resource["data"]],
            [(10, "Oslo", 1.5, 1), (20, "Lima", None, 2), (30, None, None, 3)],
        )
        self.assertEqual(
            [row["when"][:19] for row in resource["data"] if row["when"]],
            ["2024-01-02T00:00:00", "2024-03-04T05:06:07"],
        )
        self.assertIsNone(resource["data"][1]["when"])
        self.assertIn("<table", output["data"]["text/html"])
        self.assertEqual(output["data"]["text/plain"], repr(frame))
        self.assertEqual(output["metadata"], {TABLE_MIME: {"rows": 3, "columns": 4, "truncated": False}})
        self.assertEqual(recorder.text("stderr"), "")

    def test_a_series_is_a_one_column_table(self):
        unnamed, _ = shown(pandas.Series([3, 4]))
        self.assertEqual(names(unnamed["data"][TABLE_MIME]), ["index", "values"])
        self.assertEqual(
            unnamed["data"][TABLE_MIME]["data"], [{"index": 0, "values": 3}, {"index": 1, "values": 4}]
        )
        series = pandas.Series([1.0], name="price", index=pandas.Index(["a"], name="item"))
        named, _ = shown(series)
        self.assertEqual(named["data"][TABLE_MIME]["data"], [{"item": "a", "price": 1.0}])
        self.assertEqual(named["metadata"][TABLE_MIME], {"rows": 1, "columns": 1, "truncated": False})
        self.assertEqual(named["data"]["text/plain"], repr(series))

    def test_a_multiindex_becomes_several_key_columns(self):
        frame = pandas.DataFrame(
            {"v": [1, 2]}, index=pandas.MultiIndex.from_tuples([("a", 1), ("b", 2)], names=["group", None])
        )
        resource = shown(frame)[0]["data"][TABLE_MIME]
        self.assertEqual(resource["schema"]["primaryKey"], ["group", "level_1"])
        self.assertEqual(
            resource["data"], [{"group": "a", "level_1": 1, "v": 1}, {"group": "b", "level_1": 2, "v": 2}]
        )

    def test_names_json_cannot_hold_are_made_unique_strings(self):
        frames = {
            "repeated": pandas.DataFrame([[1, 2]], columns=["a", "a"]),
            "numbers": pandas.DataFrame([[1, 2]]),
            "multiindex columns": pandas.DataFrame(
                [[1, 2]], columns=pandas.MultiIndex.from_tuples([("x", "a"), ("x", "b")])
            ),
            "a column called index": pandas.DataFrame({"index": [7]}),
            "index named like a column": pandas.DataFrame({"k": [1]}, index=pandas.Index([5], name="k")),
        }
        expected = {
            "repeated": ["index", "a", "a.1"],
            "numbers": ["index", "0", "1"],
            "multiindex columns": ["index", "x / a", "x / b"],
            "a column called index": ["index.1", "index"],
            "index named like a column": ["k.1", "k"],
        }
        for label, frame in frames.items():
            with self.subTest(label):
                resource = shown(frame)[0]["data"][TABLE_MIME]
                self.assertEqual(names(resource), expected[label])
                self.assertEqual(list(resource["data"][0]), expected[label])

    def test_objects_json_cannot_hold_become_text(self):
        class Thing:
            def __str__(self):
                return "a thing"

        resource = shown(pandas.DataFrame({"o": [Thing()]}))[0]["data"][TABLE_MIME]
        self.assertEqual(resource["data"][0]["o"], "a thing")


class CapTest(unittest.TestCase):
    def test_rows_beyond_the_cap_are_cut_and_the_metadata_says_how_many_there_were(self):
        frame = pandas.DataFrame({"n": range(ada_display.MAX_TABLE_ROWS + 50), "m": 1.0})
        output, _ = shown(frame)
        self.assertEqual(len(output["data"][TABLE_MIME]["data"]), ada_display.MAX_TABLE_ROWS)
        self.assertEqual(output["data"][TABLE_MIME]["data"][-1]["n"], ada_display.MAX_TABLE_ROWS - 1)
        self.assertEqual(
            output["metadata"][TABLE_MIME],
            {"rows": ada_display.MAX_TABLE_ROWS + 50, "columns": 2, "truncated": True},
        )
        self.assertLess(len(output["data"]["text/html"]), 100_000)

    def test_wide_rows_are_cut_by_size(self):
        frame = pandas.DataFrame({"text": ["w" * 1000] * 3000})
        output, _ = shown(frame)
        resource = output["data"][TABLE_MIME]
        self.assertLessEqual(len(json.dumps(resource, separators=(",", ":"))), ada_display.MAX_TABLE_CHARS)
        self.assertGreater(len(resource["data"]), 1000)
        self.assertLess(len(resource["data"]), 3000)
        self.assertEqual(output["metadata"][TABLE_MIME], {"rows": 3000, "columns": 1, "truncated": True})

    def test_an_empty_frame_is_an_empty_table(self):
        output, _ = shown(pandas.DataFrame({"a": []}))
        self.assertEqual(output["data"][TABLE_MIME]["data"], [])
        self.assertEqual(output["metadata"][TABLE_MIME], {"rows": 0, "columns": 1, "truncated": False})


if __name__ == "__main__":
    unittest.main()
