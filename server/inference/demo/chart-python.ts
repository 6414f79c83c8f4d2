/**
 * The offline demo's chart cell: aggregate the rows the first cell read (python.ts) and show an
 * interactive Vega-Lite chart with the data inline, then print the numbers the closing answer
 * quotes, one `Key: value` line each (parse.ts reads them back). Standard library only, and
 * short: every reply must fit the demo model's output cap, and the visitor's quota pays for it.
 */
import "server-only";
import type { ChartPlan } from "./plan.ts";
import { pythonString } from "./python.ts";

/** The most points a chart carries inline, so the spec stays small and quick to draw. */
export const MAX_POINTS = 1000;

/**
 * `written` replaces the name of one column (the first attempt's slip); the rest of the cell is
 * the same, so its fix differs by that one name.
 */
export function chartCode(plan: ChartPlan, written: { column: string; as: string } | null = null) {
  const name = (column: string) => pythonString(column === written?.column ? written.as : column);
  if (plan.kind === "time") return timeChart(plan, name);
  return plan.kind === "category" ? categoryChart(plan, name) : histogram(plan, name);
}

type Name = (column: string) => string;

/** The columns as one assignment, so that a wrong name stands out on the cell's first lines. */
function assign(pairs: [string, string | null][], name: Name) {
  const given = pairs.filter((pair): pair is [string, string] => pair[1] !== null);
  return `${given.map(([variable]) => variable).join(", ")} = ${given.map(([, column]) => name(column)).join(", ")}`;
}

/** The spec's common part; `mark` and `encoding` are Python source. */
const spec = (mark: string, encoding: string) => `spec = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "title": title,
    "height": 280,
    "data": {"values": points},
    "mark": ${mark},
    "encoding": {
${encoding}
    },
}`;

function timeChart({ date, value, series }: Extract<ChartPlan, { kind: "time" }>, name: Name) {
  const key = series ? "(when.strftime(label), series)" : "when.strftime(label)";
  const measure = value ? 'f"average {value_column}"' : '"rows"';
  return `from collections import defaultdict
from statistics import mean

${assign(
  [
    ["date_column", date],
    ["value_column", value],
    ["series_column", series],
  ],
  name,
)}

measured = []  # (date, series, value) of every row that has them
for row in rows:
    when = as_date(row[date_column])${value ? "\n    value = as_number(row[value_column])" : ""}${series ? "\n    series = row[series_column]" : ""}
    if when${value ? " and value is not None" : ""}${series ? " and not is_missing(series)" : ""}:
        measured.append((when, ${series ? "str(series)" : "None"}, ${value ? "value" : "1"}))
if not measured:
    raise ValueError(f"No row has a readable {date_column}.")

# Days, months or years: enough points to show the shape, never finer than the data.
dates = [when for when, _, _ in measured]
days = (max(dates) - min(dates)).days
if days > 20 * 366 or all((when.month, when.day) == (1, 1) for when in dates):
    unit, label, time_unit = "year", "%Y", "utcyear"
elif days > 183 or all(when.day == 1 for when in dates):
    unit, label, time_unit = "month", "%Y-%m", "utcyearmonth"
else:
    unit, label, time_unit = "day", "%Y-%m-%d", "utcyearmonthdate"
groups = defaultdict(list)
for when, series, value in measured:
    groups[${key}].append(value)
points = [
    {"period": ${series ? "key[0], " : "key, "}${series ? '"series": key[1], ' : ""}"value": ${value ? "mean(values)" : "len(values)"}}
    for key, values in sorted(groups.items())
][-${MAX_POINTS}:]

title = ${value ? 'f"Average {value_column} by {unit}"' : 'f"Rows per {unit}"'}
${spec(
  '{"type": "line", "point": True, "tooltip": True}',
  `        "x": {"field": "period", "type": "temporal", "timeUnit": time_unit, "title": date_column},
        "y": {"field": "value", "type": "quantitative", "title": ${measure}},${series ? '\n        "color": {"field": "series", "type": "nominal", "title": series_column},' : ""}`,
)}
display({"application/vnd.vegalite.v5+json": spec, "text/plain": f"A line chart: {title}"}, raw=True)

highest, lowest = max(points, key=lambda p: p["value"]), min(points, key=lambda p: p["value"])
named = ${series ? "lambda p: f\"{p['series']} in {p['period']}\"" : 'lambda p: p["period"]'}
print(f"Chart: {title}, {len(points):,} points from {points[0]['period']} to {points[-1]['period']}")
print(f"Highest: {named(highest)} ({show(highest['value'])})")
print(f"Lowest: {named(lowest)} ({show(lowest['value'])})")
print(${value ? 'f"Overall: {show(mean(v for _, _, v in measured))} across {len(measured):,} rows"' : 'f"Overall: {len(measured):,} rows in {len(groups):,} {unit}s"'})
`;
}

function categoryChart({ category, value }: Extract<ChartPlan, { kind: "category" }>, name: Name) {
  const measure = value ? 'f"average {value_column}"' : '"rows"';
  return `from collections import defaultdict
from statistics import mean

${assign(
  [
    ["category_column", category],
    ["value_column", value],
  ],
  name,
)}

groups = defaultdict(list)  # each group's ${value ? "values" : "rows"}
for row in rows:
    group = row[category_column]${value ? "\n    value = as_number(row[value_column])" : ""}
    if not is_missing(group)${value ? " and value is not None" : ""}:
        groups[str(group)].append(${value ? "value" : "1"})
if not groups:
    raise ValueError(f"No row has a {category_column}.")

# At most the 30 groups with the most rows, so that the bars stay readable.
largest = sorted(groups.items(), key=lambda item: len(item[1]), reverse=True)[:30]
points = [{"group": group, "value": ${value ? "mean(values)" : "len(values)"}} for group, values in largest]

title = ${value ? 'f"Average {value_column} by {category_column}"' : 'f"Rows by {category_column}"'}
${spec(
  '{"type": "bar", "tooltip": True}',
  `        "x": {"field": "group", "type": "nominal", "sort": "-y", "title": category_column},
        "y": {"field": "value", "type": "quantitative", "title": ${measure}},`,
)}
display({"application/vnd.vegalite.v5+json": spec, "text/plain": f"A bar chart: {title}"}, raw=True)

highest, lowest = max(points, key=lambda p: p["value"]), min(points, key=lambda p: p["value"])
counted = sum(map(len, groups.values()))
print(f"Chart: {title}, {len(points)} of {len(groups)} groups")
print(f"Highest: {highest['group']} ({show(highest['value'])})")
print(f"Lowest: {lowest['group']} ({show(lowest['value'])})")
print(${value ? 'f"Overall: {show(mean(v for values in groups.values() for v in values))} across {counted:,} rows"' : 'f"Overall: {counted:,} rows in {len(groups):,} groups"'})
`;
}

function histogram({ value }: Extract<ChartPlan, { kind: "histogram" }>, name: Name) {
  return `from statistics import mean

${assign([["value_column", value]], name)}

values = [number for number in (as_number(row[value_column]) for row in rows) if number is not None]
if not values:
    raise ValueError(f"{value_column} holds no numbers.")

# 20 bins of equal width, from the smallest value to the largest.
low, high = min(values), max(values)
width = (high - low) / 20 or 1
counts = [0] * 20
for number in values:
    counts[min(int((number - low) / width), 19)] += 1
points = [{"from": low + at * width, "to": low + (at + 1) * width, "rows": n} for at, n in enumerate(counts)]

title = f"Distribution of {value_column}"
${spec(
  '{"type": "bar", "tooltip": True}',
  `        "x": {"field": "from", "type": "quantitative", "bin": {"binned": True, "step": width}, "title": value_column},
        "x2": {"field": "to"},
        "y": {"field": "rows", "type": "quantitative"},`,
)}
display({"application/vnd.vegalite.v5+json": spec, "text/plain": f"A histogram: {title}"}, raw=True)

highest, lowest = max(points, key=lambda p: p["rows"]), min(points, key=lambda p: p["rows"])
named = lambda p: f"{show(p['from'])} to {show(p['to'])}"
print(f"Chart: {title}, 20 bins from {show(low)} to {show(high)}")
print(f"Highest: {named(highest)} ({highest['rows']:,} rows)")
print(f"Lowest: {named(lowest)} ({lowest['rows']:,} rows)")
print(f"Overall: mean {show(mean(values))} across {len(values):,} rows")
`;
}
