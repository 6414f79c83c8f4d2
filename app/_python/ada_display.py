"""Jupyter's display protocol for Ada's Python kernel.

Plain CPython (no Pyodide imports), so it is tested under Debian's CPython with the real pandas,
matplotlib and Altair (app/_python/tests/). In the browser the worker loads it as `ada_display`
and runtime.py connects it to the page.

Every output is an nbformat 4 output dict (display_data, execute_result, error), handed to the
publisher set with `set_publisher` as soon as it exists; the printed text before it is flushed
first so the worker keeps outputs and streams in the order they happened. Every output is
JSON-safe (no NaN, no bytes) and capped in size.
https://nbformat.readthedocs.io/en/latest/format_description.html#code-cell-outputs
"""

import base64
import io
import json
import linecache
import sys
import textwrap
import traceback
import warnings

# A single MIME value (text, base64 image or serialized JSON) above this many characters is not
# stored: the page would choke on it and storage would fill. A text/plain note says what it was.
MAX_MIME_CHARS = 2_000_000
# All the values of one output together (a DataFrame's table, HTML and text, say).
MAX_OUTPUT_CHARS = 4_000_000
# DataFrames and Series: rows sent as a table, cut at whichever limit comes first.
MAX_TABLE_ROWS = 10_000
MAX_TABLE_CHARS = 1_500_000

TABLE_MIME = "application/vnd.dataresource+json"
# Cells are compiled as "<cell-1>", "<cell-2>"…: a traceback names the cell a function came from,
# and everything before the first frame of a cell is the runner's own.
CELL_PREFIX = "<cell-"
FIGURE_DPI = 110

MEMORY_HINT = (
    "Python ran out of memory: in the browser it has about 2 GB at most, less on some devices. "
    "Work on a sample or on fewer columns, e.g. pd.read_csv(path, nrows=100_000) "
    'or pd.read_csv(path, usecols=["a", "b"]).'
)

# The `_repr_*_` methods after `_repr_mimebundle_`, in IPython's formatter order for these types.
REPR_METHODS = (
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("image/jpeg", "_repr_jpeg_"),
    ("application/json", "_repr_json_"),
    ("text/latex", "_repr_latex_"),
)

# Jupyter's In [n]: every run of this kernel counts, failed ones too, from 1 after each start of
# the worker. It is the execute_result's execution_count.
execution_count = 0
_publisher = None


def set_publisher(publisher):
    """Where outputs go: a callable that takes one nbformat output dict."""
    global _publisher
    _publisher = publisher


def _flush_streams():
    for stream in (sys.stdout, sys.stderr):
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()


def publish(output):
    """Hands one output to the publisher after the text printed before it."""
    if _publisher is None:
        raise RuntimeError("ada_display.set_publisher() has not been called.")
    _flush_streams()
    _publisher(output)
    return output


def _note(message, limit=1000):
    """A one-line note on stderr, as IPython prints a formatter's failure: the cell goes on."""
    line = " ".join(str(message).split())
    print(line if len(line) <= limit else f"{line[: limit - 1]}…", file=sys.stderr)


def _failure(error):
    """`Error: message`, and the error it happened while handling: Altair reports its own errors
    through IPython, and without IPython the import error would hide the real one."""
    text = f"{type(error).__name__}: {error}"
    cause = error.__cause__ or error.__context__
    return f"{text} (while handling {type(cause).__name__}: {cause})" if cause is not None else text


# ---------------------------------------------------------------------------------------------
# Formatting: an object → (data, metadata), as IPython's DisplayFormatter.format.


def _method(obj, name):
    """The bound repr method, or None: classes are not displayed through their own methods, and
    objects that answer every attribute (proxies, mocks) are recognised as IPython does."""
    if isinstance(obj, type):
        return None
    try:
        if hasattr(obj, "_ipython_canary_method_should_not_exist_"):
            return None
        method = getattr(obj, name, None)
    except Exception:  # noqa: BLE001 - an attribute that raises is a method the object lacks
        return None
    return method if callable(method) else None


def _call(obj, name, method, *args, **kwargs):
    try:
        return method(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 - a broken repr must not end the cell
        _note(f"{type(obj).__name__}.{name}() raised {_failure(error)}; it was skipped.")
        return None


def _split(result):
    """Repr methods may return a value or a (value, metadata) pair."""
    if isinstance(result, tuple) and len(result) == 2:
        return result
    return result, None


def _wanted(mime, include, exclude):
    return (not include or mime in include) and (not exclude or mime not in exclude)


def _plain(obj):
    try:
        return repr(obj)
    except Exception as error:  # noqa: BLE001
        _note(f"{type(obj).__name__}.__repr__() raised {_failure(error)}; it was skipped.")
        return object.__repr__(obj)


def _prefer_altair_json():
    """Altair's "default" renderer gives HTML that loads scripts from a CDN; "mimetype" gives the
    Vega-Lite spec the cell draws (Altair 4, 5 and 6). A renderer the user chose stays."""
    renderers = getattr(sys.modules.get("altair"), "renderers", None)
    try:
        if renderers is not None and renderers.active == "default" and "mimetype" in renderers.names():
            renderers.enable("mimetype")
    except Exception as error:  # noqa: BLE001
        _note(f"Could not select Altair's JSON renderer: {_failure(error)}")


def _repr_bundle(obj, include, exclude):
    data, metadata = {}, {}
    _prefer_altair_json()
    method = _method(obj, "_repr_mimebundle_")
    if method is not None:
        bundle, bundle_metadata = _split(
            _call(obj, "_repr_mimebundle_", method, include=include, exclude=exclude)
        )
        if isinstance(bundle, dict):
            data.update((mime, value) for mime, value in bundle.items() if value is not None)
        elif bundle is not None:
            _note(f"{type(obj).__name__}._repr_mimebundle_() returned {type(bundle).__name__}, not a dict.")
        if isinstance(bundle_metadata, dict):
            metadata.update(bundle_metadata)
    for mime, name in REPR_METHODS:
        if mime in data or not _wanted(mime, include, exclude):
            continue
        method = _method(obj, name)
        if method is None:
            continue
        value, value_metadata = _split(_call(obj, name, method))
        if value is not None:
            data[mime] = value
            if value_metadata is not None:
                metadata[mime] = value_metadata
    if "text/plain" not in data and _wanted("text/plain", include, exclude):
        data["text/plain"] = _plain(obj)
    return data, metadata


def _special_bundle(obj):
    """DataFrames and Series as tables, matplotlib figures as PNG; None for anything else. The
    libraries are looked up in sys.modules: an object of theirs means they are imported."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(obj, (pandas.DataFrame, pandas.Series)):
        try:
            return _table_bundle(pandas, obj)
        except Exception as error:  # noqa: BLE001 - shown through pandas' own reprs instead
            _note(f"Could not turn the {type(obj).__name__} into a table: {_failure(error)}")
            return None
    figure_module = sys.modules.get("matplotlib.figure")
    if figure_module is not None and isinstance(obj, figure_module.Figure):
        try:
            return _figure_bundle(obj)
        except Exception as error:  # noqa: BLE001 - shown as text instead
            _note(f"Could not draw the figure: {_failure(error)}")
            return None
        finally:
            # Shown now, so not again with the figures still open at the end of the cell.
            _close_figure(obj)
    return None


def format_object(obj, include=None, exclude=None):
    """(data, metadata) of obj, filtered by include/exclude (lists of MIME types)."""
    special = _special_bundle(obj)
    data, metadata = special if special is not None else _repr_bundle(obj, include, exclude)
    data = {mime: value for mime, value in data.items() if _wanted(mime, include, exclude)}
    metadata = {key: value for key, value in metadata.items() if _wanted(key, include, exclude)}
    return data, metadata


# ---------------------------------------------------------------------------------------------
# Making a bundle safe to store: JSON-clean values, base64 images, size caps.


def _is_json_mime(mime):
    return mime == "application/json" or mime.endswith("+json")


def _is_binary_image(mime):
    return mime.startswith("image/") and mime != "image/svg+xml"


def _megabytes(chars):
    return f"{chars / 1_000_000:.1f} MB"


def _clean_value(mime, value):
    """(value, its size in characters), or None with a note when it cannot be stored."""
    if _is_json_mime(mime):
        if isinstance(value, str):
            # IPython accepts JSON given as text; the stored bundle holds the value.
            try:
                value = json.loads(value)
            except ValueError as error:
                _note(f"{mime} was skipped: it is not valid JSON ({error}).")
                return None
        try:
            return value, len(json.dumps(value, allow_nan=False, ensure_ascii=False, separators=(",", ":")))
        except (TypeError, ValueError) as error:
            _note(f"{mime} was skipped: it cannot be stored as JSON ({error}).")
            return None
    if isinstance(value, (bytes, bytearray)):
        value = (
            base64.b64encode(value).decode("ascii")
            if _is_binary_image(mime)
            else bytes(value).decode("utf-8", errors="replace")
        )
    if not isinstance(value, str):
        _note(f"{mime} was skipped: it is a {type(value).__name__}, not text.")
        return None
    return value, len(value)


def _clean_bundle(data):
    """Only what can be stored: too large values are replaced by a note in text/plain."""
    clean, notes, total = {}, [], 0
    # text/plain last: it carries the notes and is what remains when everything else is cut.
    for mime in sorted(data, key=lambda mime: mime == "text/plain"):
        cleaned = _clean_value(mime, data[mime])
        if cleaned is None:
            continue
        value, size = cleaned
        if size > MAX_MIME_CHARS:
            notes.append(
                f"[{mime} not shown: {_megabytes(size)}, above the limit of {_megabytes(MAX_MIME_CHARS)}]"
            )
            continue
        if total + size > MAX_OUTPUT_CHARS:
            notes.append(
                f"[{mime} not shown: {_megabytes(size)}, more than the "
                f"{_megabytes(MAX_OUTPUT_CHARS - total)} left of this output's "
                f"{_megabytes(MAX_OUTPUT_CHARS)}]"
            )
            continue
        clean[mime] = value
        total += size
    if notes:
        note = "\n".join(notes)
        # The text is kept under the note when it is short enough to be useful.
        plain = clean.get("text/plain")
        clean["text/plain"] = f"{note}\n{plain}" if plain and len(plain) <= 10_000 else note
    return clean


def _clean_metadata(metadata):
    try:
        json.dumps(metadata, allow_nan=False)
    except (TypeError, ValueError) as error:
        _note(f"The output's metadata was dropped: it cannot be stored as JSON ({error}).")
        return {}
    return metadata


def _merge(metadata, extra):
    """IPython's _merge: extra wins, dicts under the same key are merged one level deep."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(metadata.get(key), dict):
            metadata[key] = {**metadata[key], **value}
        else:
            metadata[key] = value
    return metadata


def _bundle_output(output_type, data, metadata, **fields):
    data = _clean_bundle(data)
    if not data:
        return None
    metadata = _clean_metadata(metadata)
    return publish({"output_type": output_type, **fields, "data": data, "metadata": metadata})


# ---------------------------------------------------------------------------------------------
# The public API: display, the last expression's value, figures, errors, a whole cell.


def display(*objs, raw=False, include=None, exclude=None, metadata=None, **kwargs):
    """IPython's display(): each object becomes one display_data output.

    raw=True takes each object as a MIME bundle dict ({"text/html": "<b>hi</b>"}). IPython's
    other keywords (display_id, transient, clear…) are accepted and ignored: an output here is
    never updated after it is shown.
    """
    for obj in objs:
        if raw:
            if not isinstance(obj, dict):
                _note(f"display(raw=True) takes MIME bundle dicts, not {type(obj).__name__}; it was skipped.")
                continue
            data, obj_metadata = dict(obj), {}
        else:
            data, obj_metadata = format_object(obj, include, exclude)
        if metadata:
            _merge(obj_metadata, metadata)
        _bundle_output("display_data", data, obj_metadata)


def publish_execute_result(value, count=None):
    """The value of a cell's last expression as an execute_result; nothing for None."""
    if value is None:
        return None
    data, metadata = format_object(value)
    return _bundle_output("execute_result", data, metadata, execution_count=count)


def _figure_bundle(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight")
    return {"image/png": buffer.getvalue(), "text/plain": _plain(figure)}, {}


def _close_figure(figure):
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.close(figure)


def flush_figures():
    """Every figure still open becomes a display_data PNG and is closed, as Jupyter's inline
    backend does at the end of a cell. Figures with nothing drawn on them are only closed."""
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return []
    outputs = []
    for number in pyplot.get_fignums():
        figure = pyplot.figure(number)
        try:
            # A blank figure holds only its background patch.
            if len(figure.get_children()) > 1:
                output = _bundle_output("display_data", *_figure_bundle(figure))
                if output is not None:
                    outputs.append(output)
        except Exception as error:  # noqa: BLE001 - one figure that cannot be drawn spares the others
            _note(f"Could not draw figure {number}: {_failure(error)}")
        finally:
            pyplot.close(figure)
    return outputs


def error_output(error):
    """An nbformat error output: the traceback from the first frame of a cell on (the runner's
    frames are not the user's business); a MemoryError also says what to do about it."""
    frames = error.__traceback__
    while frames is not None and not frames.tb_frame.f_code.co_filename.startswith(CELL_PREFIX):
        frames = frames.tb_next
    lines = "".join(traceback.format_exception(type(error), error, frames)).rstrip("\n").split("\n")
    try:
        evalue = str(error)
    except Exception:  # noqa: BLE001 - the traceback above says "<exception str() failed>" too
        evalue = "<exception str() failed>"
    if isinstance(error, MemoryError):
        lines.append(MEMORY_HINT)
        evalue = evalue or MEMORY_HINT
    return {"output_type": "error", "ename": type(error).__name__, "evalue": evalue, "traceback": lines}


async def run_cell(code, evaluate):
    """Runs one cell: `evaluate(filename)` compiles and runs `code` under that file name and
    returns the last expression's value. Publishes that value, or the error, then the open
    figures. Returns "completed" or "error"."""
    global execution_count
    execution_count += 1
    filename = f"{CELL_PREFIX}{execution_count}>"
    # Tracebacks show the cell's lines (Pyodide caches no source for "<…>" names). Pyodide
    # dedents the code before compiling it, so the cached lines are dedented too; no mtime
    # means linecache.checkcache keeps them for functions called from later cells.
    source = textwrap.dedent(code)
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    status = "completed"
    try:
        try:
            publish_execute_result(await evaluate(filename), execution_count)
        # KeyboardInterrupt (the Interrupt button) and SystemExit end the cell like any error.
        except BaseException as error:  # noqa: BLE001
            publish(error_output(error))
            status = "error"
        try:
            flush_figures()
        except BaseException as error:  # noqa: BLE001 - figures are extras: the cell's status stands
            _note(f"Could not show the figures: {_failure(error)}")
    finally:
        _flush_streams()
    return status


# ---------------------------------------------------------------------------------------------
# DataFrames and Series: Table Schema + data (pandas' orient="table", with the index).


def _table_bundle(pandas, obj):
    if isinstance(obj, pandas.Series):
        # pandas' own table schema calls an unnamed Series' column "values".
        frame = obj.to_frame() if obj.name is not None else obj.to_frame(name="values")
    else:
        frame = obj
    rows, columns = frame.shape
    resource, shown = _data_resource(frame)
    data = {TABLE_MIME: resource}
    # pandas' notebook HTML, cut to its display.max_rows / max_columns options.
    html = _call(frame, "_repr_html_", frame._repr_html_)
    if html is not None:
        data["text/html"] = html
    data["text/plain"] = _plain(obj)
    return data, {TABLE_MIME: {"rows": rows, "columns": columns, "truncated": shown < rows}}


def _unique(names, taken):
    """Names made unique as pandas' read_csv does: a, a.1, a.2…"""
    result = []
    for name in names:
        candidate, number = name, 0
        while candidate in taken:
            number += 1
            candidate = f"{name}.{number}"
        taken.add(candidate)
        result.append(candidate)
    return result


def _label(column):
    if isinstance(column, tuple):  # MultiIndex columns, which orient="table" refuses
        return " / ".join(str(level) for level in column if level is not None and str(level) != "")
    return str(column)


def _table_json(frame, count):
    """The first `count` rows as pandas' orient="table" JSON, with unique string names: JSON
    records cannot hold two "a" keys or tell 0 from "0", and index names must not repeat columns."""
    part = frame.iloc[:count]
    columns = _unique([_label(column) for column in part.columns], set())
    levels = part.index.nlevels
    defaults = ["index"] if levels == 1 else [f"level_{level}" for level in range(levels)]
    index_names = _unique(
        [str(name) if name is not None else default for name, default in zip(part.index.names, defaults)],
        set(columns),
    )
    part = part.set_axis(columns, axis=1).set_axis(part.index.set_names(index_names), axis=0)
    with warnings.catch_warnings():
        # "Index name of 'index' is not round-trippable": the table is only read, never parsed back.
        warnings.simplefilter("ignore")
        # default_handler: objects JSON cannot hold (Decimal, sets, custom classes) become str().
        return part.to_json(orient="table", default_handler=str)


def _data_resource(frame):
    """(Table Schema + data, rows included): NaN, NaT and infinities are null, dates ISO 8601."""
    count = min(len(frame), MAX_TABLE_ROWS)
    # The size of a few rows predicts the rest, so a wide frame is never serialized whole.
    sample = min(count, 100)
    if sample:
        per_row = len(_table_json(frame, sample)) / sample
        count = min(count, max(1, int(MAX_TABLE_CHARS / per_row)))
    text = _table_json(frame, count)
    while len(text) > MAX_TABLE_CHARS and count > 0:
        count = int(count * MAX_TABLE_CHARS / len(text) * 0.9)
        text = _table_json(frame, count)
    return json.loads(text), count
