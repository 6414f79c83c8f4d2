/**
 * The first cell the offline demo proposes: read a table and show its first rows. Standard
 * library only (pandas needs the package download, which an offline machine cannot do), and
 * users read this code in the cell editor, so it stays short (every reply must also fit the demo
 * model's output cap). The cell leaves `rows`, `columns`, `kinds` and the helpers `is_missing`,
 * `as_number`, `as_date` and `show` in the kernel for the chart cell (chart-python.ts).
 */

import "server-only";

/** A JSON string literal is a valid Python string literal. */
export const pythonString = (text: string) => JSON.stringify(text);

const READ_DELIMITED = (path: string, delimiter: string) => `import csv
import math
from datetime import datetime

path = ${pythonString(path)}
with open(path, newline="", encoding="utf-8-sig") as file:
    reader = csv.DictReader(file${delimiter === "," ? "" : `, delimiter=${pythonString(delimiter)}`})
    rows = list(reader)
    columns = list(reader.fieldnames or [])
`;

const READ_JSON = (path: string) => `import json
import math
from datetime import datetime

path = ${pythonString(path)}
with open(path, encoding="utf-8") as file:
    data = json.load(file)
if not (isinstance(data, list) and all(isinstance(record, dict) for record in data)):
    raise ValueError(f"{path} does not hold a table: expected a list of records.")
# Every row gets every column, in the order the columns first appear.
columns = list(dict.fromkeys(key for record in data for key in record))
rows = [{column: record.get(column) for column in columns} for record in data]
`;

const SAMPLE = `import math
import random
from datetime import date, datetime, timedelta

# No CSV or JSON file is mounted: a made-up year of daily sales in three regions, seeded.
random.seed(42)
path = "a made-up sample"
columns = ["date", "region", "sales"]
rows = []
for day in range(366):
    for region, usual in [("North", 120), ("South", 150), ("West", 90)]:
        sales = usual * (1 + 0.3 * math.sin((day - 80) / 58)) * random.uniform(0.8, 1.2)
        rows.append({"date": str(date(2024, 1, 1) + timedelta(day)), "region": region, "sales": round(sales, 2)})
`;

/** Helpers, the column profile (which the demo parses back) and the table of the first rows. */
const PROFILE_AND_TABLE = `
MISSING = {"", "NA", "N/A", "NaN", "nan", "null", "None"}
DATE_FORMATS = ["%b %d %Y", "%Y/%m/%d %H:%M:%S", "%m/%d/%Y"]


def is_missing(value):
    return value is None or str(value).strip() in MISSING


def as_number(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and not isinstance(value, bool) else None


def as_date(value):  # ISO 8601, a few other formats, or a year alone
    text = str(value).strip()
    if text.isdigit():
        return datetime(int(text), 1, 1) if 1000 <= int(text) <= 2999 else None
    try:
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            pass
    return None


def show(number):
    return f"{number:,.0f}" if abs(number) >= 1000 else f"{number:.4g}"


def kind_of(name, values):  # number, date or text, from the first 500 values
    sample = values[:500]
    if sample and all(as_number(value) is not None for value in sample):
        # Years (1990, 1991…) are a time axis rather than a quantity to average.
        return "date" if "year" in name.lower() and all(map(as_date, sample)) else "number"
    return "date" if sample and all(map(as_date, sample)) else "text"


print(f"Table: {path}, {len(rows):,} rows, {len(columns)} columns")
kinds = {}
for column in columns:
    values = [row[column] for row in rows if not is_missing(row[column])]
    kinds[column] = kind_of(column, values)
    missing = f", {len(rows) - len(values):,} missing" if len(values) < len(rows) else ""
    print(f"Column {column}: {kinds[column]}, {len(set(map(str, values))):,} distinct{missing}")

# The first rows as a table (Table Schema fields and data), numbers as numbers.
fields = [{"name": c, "type": "number" if kinds[c] == "number" else "string"} for c in columns]
first = [
    {c: as_number(row[c]) if kinds[c] == "number" else None if is_missing(row[c]) else str(row[c]) for c in columns}
    for row in rows[:10]
]
table = {"schema": {"fields": fields}, "data": first}
display({"application/vnd.dataresource+json": table, "text/plain": f"The first {len(first)} of {len(rows):,} rows"}, raw=True)
`;

/** The formats the demo reads with the standard library. */
export function isReadableTable(path: string) {
  return /\.(csv|tsv|json)$/i.test(path);
}

/** Reads `path` (CSV, TSV or JSON) or, with no path, makes up a seeded sample; then profiles it. */
export function tableCode(path: string | null) {
  let read = SAMPLE;
  if (path && /\.json$/i.test(path)) read = READ_JSON(path);
  else if (path) read = READ_DELIMITED(path, /\.tsv$/i.test(path) ? "\t" : ",");
  return `${read}${PROFILE_AND_TABLE}`;
}
