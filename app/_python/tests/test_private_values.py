"""private_values: every distinct value of the columns a user marked private, for masking."""

import json
import tempfile
import unittest
from pathlib import Path

from support import ada_files

private_values, clear_files = ada_files.private_values, ada_files.clear_files


class PrivateValuesTest(unittest.TestCase):
    def setUp(self):
        self.root = Path(tempfile.mkdtemp())

    def tearDown(self):
        clear_files(self.root)
        self.root.rmdir()

    def write(self, name, text):
        path = self.root / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def test_csv_and_tsv_give_every_distinct_value_of_the_named_columns_only(self):
        csv_path = self.write("people.csv", "\ufeffname,email,salary\nAnn,a@x.org,52000\nBo,b@x.org,52000\nCy,c@x.org\n")
        self.assertEqual(private_values(csv_path, ["email", "salary"]), ["52000", "a@x.org", "b@x.org", "c@x.org"])
        tsv_path = self.write("people.tsv", "name\temail\nAnn\ta@x.org\n")
        self.assertEqual(private_values(tsv_path, ["name"]), ["Ann"])

    def test_json_records_give_their_values_as_text(self):
        rows = [{"id": 7, "tag": "red", "nested": {"a": 1}}, {"id": 8.5, "tag": None}]
        path = self.write("rows.json", json.dumps(rows))
        self.assertEqual(private_values(path, ["id", "tag", "nested"]), ["7", "8.5", "red"])

    def test_a_changed_file_is_read_again(self):
        path = self.write("one.csv", "k\nold\n")
        self.assertEqual(private_values(path, ["k"]), ["old"])
        Path(path).write_text("k\nnewer\n", encoding="utf-8")
        self.assertEqual(private_values(path, ["k"]), ["newer"])

    def test_a_file_that_cannot_be_read_is_an_error_naming_it(self):
        path = self.write("broken.json", "{not json")
        with self.assertRaisesRegex(ValueError, "private columns of .*broken.json could not be read"):
            private_values(path, ["k"])
        with self.assertRaisesRegex(ValueError, "could not be read: pyarrow is not loaded"):
            private_values(self.write("t.parquet", "x"), ["k"])


if __name__ == "__main__":
    unittest.main()
