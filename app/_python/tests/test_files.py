"""describe_files and clear_files on real small files: columns with their types."""

import json
import os
import tempfile
import unittest
from pathlib import Path

from support import ada_files

arrow_type, read_columns = ada_files.arrow_type, ada_files.read_columns
describe_files, clear_files = ada_files.describe_files, ada_files.clear_files

CSV = """\ufeffdate,when,city,temp,count,rainy,notes,empty
2024-01-02,2024-01-02T10:00:00Z,Oslo,1.5,3,true,,
2024-01-03,2024-01-03 11:30,Lima,NA,-4,False,"a, b",
2024-01-04,2024-01-04,Rome,1e3,12,TRUE,x,
"""


def columns(*pairs):
    return [{"name": name, "type": kind} for name, kind in pairs]


class ColumnTypesTest(unittest.TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp())

    def tearDown(self):
        clear_files(self.root)
        self.root.rmdir()

    def write(self, name, text):
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def test_csv_columns_get_types_from_their_first_rows(self):
        self.assertEqual(
            read_columns(self.write("weather.csv", CSV)),
            columns(
                ("date", "date"),
                ("when", "datetime"),
                ("city", "text"),
                ("temp", "number"),
                ("count", "integer"),
                ("rainy", "boolean"),
                ("notes", "text"),
                ("empty", "unknown"),
            ),
        )

    def test_tsv_and_other_date_spellings(self):
        path = self.write(
            "stocks.tsv", "symbol\tdate\tprice\nMSFT\tJan 1 2000\t39.81\nAAPL\tFeb 10 2001\t7\n"
        )
        self.assertEqual(
            read_columns(path), columns(("symbol", "text"), ("date", "date"), ("price", "number"))
        )

    def test_an_impossible_date_is_text(self):
        path = self.write("odd.csv", "d\n2024-02-30\n")
        self.assertEqual(read_columns(path), columns(("d", "text")))

    def test_json_records_list_every_key_of_the_first_rows(self):
        rows = [
            {"name": "a", "n": 1, "x": 1.5, "ok": True, "day": "2024-01-01"},
            {"name": "b", "n": None, "x": 2, "ok": False, "day": "2024-01-02", "tags": ["t"]},
        ]
        self.assertEqual(
            read_columns(self.write("rows.json", json.dumps(rows))),
            columns(
                ("name", "text"),
                ("n", "integer"),
                ("x", "number"),
                ("ok", "boolean"),
                ("day", "date"),
                ("tags", "object"),
            ),
        )

    def test_files_that_are_not_tables_have_no_columns(self):
        for name, text in {
            "notes.txt": "hello",
            "graph.json": json.dumps({"nodes": [], "links": []}),
            "broken.json": "[{",
            "empty.csv": "",
        }.items():
            with self.subTest(name):
                self.assertIsNone(read_columns(self.write(name, text)))

    def test_parquet_types_come_from_arrow_type_names(self):
        self.assertEqual(
            [
                arrow_type(name)
                for name in ("int64", "uint8", "double", "decimal128(10, 2)", "bool", "date32[day]")
            ],
            ["integer", "integer", "number", "number", "boolean", "date"],
        )
        self.assertEqual(
            [
                arrow_type(name)
                for name in ("timestamp[ms, tz=UTC]", "string", "large_string", "list<item: int64>")
            ],
            ["datetime", "text", "text", "object"],
        )


class DescribeFilesTest(unittest.TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp())

    def tearDown(self):
        clear_files(self.root)
        self.root.rmdir()

    def test_every_file_with_its_size_and_columns_read_again_when_it_changes(self):
        (self.root / "sub").mkdir()
        table = self.root / "sub" / "t.csv"
        table.write_text("a\n1\n")
        (self.root / "readme.txt").write_text("hi")
        self.assertEqual(
            describe_files(str(self.root)),
            [
                {"path": str(self.root / "readme.txt"), "sizeBytes": 2, "columns": None},
                {"path": str(table), "sizeBytes": 4, "columns": columns(("a", "integer"))},
            ],
        )
        table.write_text("a,b\nx,2.5\n")
        # A new size and modification time: a new version, read again.
        os.utime(table, ns=(1, 1))
        self.assertEqual(
            describe_files(str(self.root))[1]["columns"], columns(("a", "text"), ("b", "number"))
        )

    def test_clear_files_removes_files_and_folders(self):
        (self.root / "sub" / "deeper").mkdir(parents=True)
        (self.root / "sub" / "deeper" / "x.csv").write_text("a\n")
        (self.root / "y.json").write_text("[]")
        clear_files(str(self.root))
        self.assertEqual(os.listdir(self.root), [])


if __name__ == "__main__":
    unittest.main()
