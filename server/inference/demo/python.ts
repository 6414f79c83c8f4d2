/**
 * The Python cells the offline demo proposes. Standard library only: pandas and numpy need the
 * package download, which an offline machine cannot do. Users read this code in the cell editor.
 */

/** Every file under /data with its size, or a line saying there is none. */
export const LIST_FILES_CODE = `import os

root = "/data"
files = []
for folder, subfolders, names in os.walk(root):
    subfolders.sort()
    for name in sorted(names):
        path = os.path.join(folder, name)
        files.append((path, os.path.getsize(path)))

if not os.path.isdir(root):
    print("There is no /data folder yet: add a dataset first.")
elif not files:
    print("/data is empty: add a dataset first.")
for path, size in files:
    print(f"{path}  {size:,} bytes")
`;

/** Row count, columns and mean/min/max of every numeric column of one CSV file. */
export function summariseCsvCode(path: string) {
  // A JSON string literal is a valid Python string literal.
  return `import csv
import statistics

path = ${JSON.stringify(path)}
with open(path, newline="") as file:
    reader = csv.DictReader(file)
    rows = list(reader)
    columns = reader.fieldnames or []

print(f"{path}: {len(rows)} rows, {len(columns)} columns")
print("columns:", ", ".join(columns))


def as_number(cell):
    try:
        return float(cell)
    except (TypeError, ValueError):
        return None


# A column is numeric when every non-empty cell reads as a number.
for column in columns:
    values = [as_number(row[column]) for row in rows if row[column] not in (None, "")]
    if values and None not in values:
        mean = statistics.mean(values)
        print(f"{column}: mean {mean:.4g}, min {min(values):g}, max {max(values):g}")
`;
}

/** With no CSV file to read, a seeded sample shows the same kind of summary. */
export const SAMPLE_SUMMARY_CODE = `import random
import statistics

# No CSV file is mounted, so this summarises a made-up (but repeatable) sample.
random.seed(42)
heights = [round(random.gauss(170, 8), 1) for _ in range(50)]

print(f"{len(heights)} sampled heights (cm)")
{
    "mean": round(statistics.mean(heights), 1),
    "median": round(statistics.median(heights), 1),
    "stdev": round(statistics.stdev(heights), 1),
    "min": min(heights),
    "max": max(heights),
}
`;
