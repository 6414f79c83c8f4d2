"""The files under /data as the page and the agent see them: path, size, and for tables the
columns with a simple type, read cheaply from the first rows.

Plain CPython (no Pyodide imports), tested in app/_python/tests/; runtime.py re-exports
describe_files and clear_files for the worker.

Column types: "integer", "number", "boolean", "date", "datetime", "text", "object" (JSON
objects or lists) and "unknown" (no value in the rows read).
"""

import csv
import datetime
import json
import os
import re
import sys

# Enough rows to see a column's type, few enough that a large file costs nothing.
SAMPLE_ROWS = 200
# A JSON file is parsed whole to be read at all; larger ones are listed without columns.
MAX_JSON_BYTES = 50_000_000

# The values pandas' read_csv reads as missing (its default na_values).
MISSING = frozenset(
    {"", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN"}
    | {"<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null"}
)
INTEGER = re.compile(r"[+-]?\d+")
NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?(inf|Inf|INF|infinity|Infinity)")
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
ISO_TIME = re.compile(r"[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")
# Other spellings of a date common in published CSV files ("Jan 1 2000" in vega-datasets' stocks).
DATE_FORMATS = (
    *("%Y/%m/%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y"),
    *("%b %d %Y", "%d %b %Y", "%B %d %Y", "%B %d, %Y"),
)


def _iso_kind(value):
    """"date" or "datetime" for an ISO 8601 date (with a time), else None."""
    match = ISO_DATE.match(value)
    if match is None:
        return None
    rest = value[match.end() :]
    if rest and not ISO_TIME.fullmatch(rest):
        return None
    try:
        datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return "datetime" if rest else "date"


def _date_kind(values):
    kinds = {_iso_kind(value) for value in values}
    if None not in kinds:
        return "datetime" if "datetime" in kinds else "date"
    for date_format in DATE_FORMATS:
        try:
            for value in values:
                datetime.datetime.strptime(value, date_format)
        except ValueError:
            continue
        return "date"
    return None


def text_type(values):
    """The type of a column read as text (CSV cells)."""
    present = [value.strip() for value in values if value.strip() not in MISSING]
    if not present:
        return "unknown"
    if all(value.lower() in ("true", "false") for value in present):
        return "boolean"
    if all(INTEGER.fullmatch(value) for value in present):
        return "integer"
    if all(NUMBER.fullmatch(value) for value in present):
        return "number"
    return _date_kind(present) or "text"


def json_type(values):
    """The type of a column of JSON values (None is missing)."""
    present = [value for value in values if value is not None]
    if not present:
        return "unknown"
    if all(isinstance(value, bool) for value in present):
        return "boolean"
    numbers = [value for value in present if isinstance(value, (int, float)) and not isinstance(value, bool)]
    if len(numbers) == len(present):
        return "integer" if all(isinstance(value, int) for value in numbers) else "number"
    if all(isinstance(value, str) for value in present):
        return _date_kind(present) or "text"
    if all(isinstance(value, (dict, list)) for value in present):
        return "object"
    return "text"


def arrow_type(type_name):
    """The type of a Parquet column from its Arrow type's name (str(pyarrow.DataType))."""
    if type_name.startswith(("int", "uint")):
        return "integer"
    if type_name.startswith(("float", "double", "halffloat", "decimal")):
        return "number"
    if type_name == "bool":
        return "boolean"
    if type_name.startswith("date"):
        return "date"
    if type_name.startswith("timestamp"):
        return "datetime"
    if type_name.startswith(("list", "large_list", "struct", "map")):
        return "object"
    return "text"


def _csv_columns(path, delimiter):
    # utf-8-sig: a byte-order mark is not part of the first column's name.
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if header is None:
            return None
        rows = [row for _, row in zip(range(SAMPLE_ROWS), reader)]
    return [
        {"name": name, "type": text_type([row[index] if index < len(row) else "" for row in rows])}
        for index, name in enumerate(header)
    ]


def _json_columns(path):
    """Columns of a JSON array of records: every key of the first rows, in order of appearance."""
    if os.path.getsize(path) > MAX_JSON_BYTES:
        return None
    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)
    if not isinstance(rows, list) or not rows or not all(isinstance(row, dict) for row in rows[:SAMPLE_ROWS]):
        return None
    sample = rows[:SAMPLE_ROWS]
    names = list(dict.fromkeys(key for row in sample for key in row))
    return [{"name": name, "type": json_type([row.get(name) for row in sample])} for name in names]


def _parquet_columns(path):
    # Only when the code has imported pyarrow already: loading it just to list columns is heavy.
    parquet = sys.modules.get("pyarrow.parquet")
    if parquet is None:
        return None
    schema = parquet.read_schema(path)
    return [{"name": name, "type": arrow_type(str(schema.field(name).type))} for name in schema.names]


def read_columns(path):
    """[{"name", "type"}] of a tabular file, read cheaply; None when there is no table to read."""
    lower = path.lower()
    try:
        if lower.endswith(".csv"):
            return _csv_columns(path, ",")
        if lower.endswith(".tsv"):
            return _csv_columns(path, "\t")
        if lower.endswith(".json"):
            return _json_columns(path)
        if lower.endswith(".parquet"):
            return _parquet_columns(path)
    except Exception:  # noqa: BLE001 - a file that cannot be read has no columns to list
        return None
    return None


# The file list is refreshed after every cell: each file's columns are read once per version.
_columns_seen = {}


def _columns(path):
    status = os.stat(path)
    version = (path, status.st_size, status.st_mtime_ns)
    if version not in _columns_seen:
        _columns_seen[version] = read_columns(path)
    return _columns_seen[version]


def describe_files(root):
    """Every file under root: {"path", "sizeBytes", "columns": [{"name", "type"}] or None}."""
    files = []
    for directory, _, names in os.walk(root):
        for name in sorted(names):
            path = os.path.join(directory, name)
            files.append({"path": path, "sizeBytes": os.path.getsize(path), "columns": _columns(path)})
    return files


def _text(value):
    """A JSON or Arrow value as a program would print it; None for nested values and missing ones."""
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value)


def _private_csv(path, delimiter, columns):
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None) or []
        indexes = [index for index, name in enumerate(header) if name in columns]
        values = set()
        for row in reader:
            values.update(row[index] for index in indexes if index < len(row))
    return values


def _private_json(path, columns):
    with open(path, encoding="utf-8") as handle:
        rows = json.load(handle)
    if not isinstance(rows, list):
        raise ValueError("it is not a JSON array of records")
    texts = (_text(row.get(name)) for row in rows if isinstance(row, dict) for name in columns)
    return {text for text in texts if text is not None}


def _private_parquet(path, columns):
    parquet = sys.modules.get("pyarrow.parquet")
    if parquet is None:
        raise ValueError("pyarrow is not loaded")
    table = parquet.read_table(path, columns=list(columns))
    texts = (_text(value) for name in table.column_names for value in table.column(name).to_pylist())
    return {text for text in texts if text is not None}


_private_seen = {}


def private_values(path, columns):
    """Every distinct value, as text, of the named columns of a tabular file (for masking).

    Raises ValueError naming the file when they cannot be read: masking must then withhold the
    outputs rather than let a value through.
    """
    columns = frozenset(columns)
    status = os.stat(path)
    version = (path, status.st_size, status.st_mtime_ns, columns)
    if version not in _private_seen:
        lower = path.lower()
        try:
            if lower.endswith(".csv"):
                values = _private_csv(path, ",", columns)
            elif lower.endswith(".tsv"):
                values = _private_csv(path, "\t", columns)
            elif lower.endswith(".json"):
                values = _private_json(path, columns)
            elif lower.endswith(".parquet"):
                values = _private_parquet(path, columns)
            else:
                raise ValueError("it is not a table")
        except (OSError, ValueError, UnicodeDecodeError) as error:
            raise ValueError(f"The private columns of {path} could not be read: {error}") from error
        _private_seen.clear()  # one file version at a time: the values may be large
        _private_seen[version] = sorted(values)
    return _private_seen[version]


def clear_files(root):
    """Removes everything under root, directories included."""
    import shutil

    for name in os.listdir(root):
        path = os.path.join(root, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
