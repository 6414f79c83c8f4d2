"""IPython.display for Ada's kernel: Jupyter's display objects, shown by ada_display.

A shim, not IPython: the classes model-written code uses most, close enough to IPython's that
`display(HTML(...))`, `Image(filename=...)` or a `Markdown(...)` as a cell's last value behave as
in a notebook. Their text/plain is IPython's too ("<IPython.display.HTML object>"). Names not here
(Javascript, IFrame, Audio…) fail to import by name.
"""

import copy
import json
import os
from html import escape
from pathlib import PurePath

from ada_display import display

__all__ = [
    "display",
    "clear_output",
    "DisplayObject",
    "HTML",
    "Markdown",
    "Latex",
    "Math",
    "SVG",
    "JSON",
    "Image",
]


def clear_output(wait=False):
    """Does nothing. Jupyter would erase the cell's outputs; here each output is stored as it is
    shown and stays, so a loop that clears and redraws shows every frame in turn."""


def _is_file(text):
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):  # too long for a path, or holding a NUL: data, not a file name
        return False


class DisplayObject:
    """Data to show, given directly or as a file to read, with optional metadata.

    As in IPython, a string that names an existing file is that file, and one starting with
    "http" is a URL. Python here cannot download a URL synchronously, so only Image takes one.
    """

    _read_mode = "r"

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        if isinstance(data, PurePath):
            data = str(data)
        if isinstance(data, str) and url is None and filename is None:
            if data.startswith("http"):
                url, data = data, None
            elif _is_file(data):
                filename, data = data, None
        self.url = url
        self.filename = filename
        if metadata is not None:
            self.metadata = dict(metadata)
        elif not hasattr(self, "metadata"):
            self.metadata = {}
        if filename is not None:
            encoding = None if "b" in self._read_mode else "utf-8"
            with open(filename, self._read_mode, encoding=encoding) as file:
                data = file.read()
        elif url is not None:
            self._check_url(url)
        self.data = data
        self._check_data()

    def __repr__(self):
        cls = type(self)
        return f"<{cls.__module__}.{cls.__name__} object>"

    def _check_url(self, url):
        """IPython would download the URL here."""
        raise ValueError(
            f"{type(self).__name__} cannot download {url}: Python in the browser has no "
            "synchronous network access. Give the content itself, or a file under /data."
        )

    def _check_data(self):
        pass

    def _data_and_metadata(self):
        """The data, with a copy of the metadata when there is any (a repr method's two forms)."""
        return (self.data, copy.deepcopy(self.metadata)) if self.metadata else self.data


class TextDisplayObject(DisplayObject):
    def _check_data(self):
        if self.data is not None and not isinstance(self.data, str):
            raise TypeError(f"{type(self).__name__} expects text, not {type(self.data).__name__}")


class HTML(TextDisplayObject):
    def _repr_html_(self):
        return self._data_and_metadata()

    def __html__(self):
        """HTML-aware libraries (MarkupSafe, Jinja) take it as markup, unescaped."""
        return self.data


class Markdown(TextDisplayObject):
    def _repr_markdown_(self):
        return self._data_and_metadata()


class Latex(TextDisplayObject):
    def _repr_latex_(self):
        return self._data_and_metadata()


class Math(TextDisplayObject):
    """A formula without its $ delimiters, shown as a display-style equation."""

    def _repr_latex_(self):
        text = rf"$\displaystyle {self.data.strip('$')}$"
        return (text, copy.deepcopy(self.metadata)) if self.metadata else text


class SVG(DisplayObject):
    _read_mode = "rb"

    @property
    def data(self):
        return self._data

    @data.setter
    def data(self, svg):
        # Only the <svg> element: an XML declaration or DOCTYPE has no place inside a page.
        if svg is not None:
            from xml.dom import minidom

            found = minidom.parseString(svg).getElementsByTagName("svg")
            svg = found[0].toxml() if found else svg
            svg = svg.decode("utf-8") if isinstance(svg, bytes) else svg
        self._data = svg

    def _repr_svg_(self):
        return self._data_and_metadata()


class JSON(DisplayObject):
    """A dict or list, shown as a tree; `expanded` and `root` are metadata for the front end."""

    def __init__(
        self, data=None, url=None, filename=None, expanded=False, metadata=None, root="root", **kwargs
    ):
        self.metadata = {"expanded": expanded, "root": root, **(metadata or {}), **kwargs}
        super().__init__(data=data, url=url, filename=filename)

    @property
    def data(self):
        return self._data

    @data.setter
    def data(self, data):
        self._data = json.loads(data) if isinstance(data, (str, bytes)) else data

    def _check_data(self):
        if self.data is not None and not isinstance(self.data, (dict, list)):
            raise TypeError(f"JSON expects a dict or list, not {type(self.data).__name__}")

    def _repr_json_(self):
        return self.data, self.metadata


class Image(DisplayObject):
    """A PNG or JPEG image from bytes or a file. A URL is shown from where it is (<img src>), as
    IPython does unless told to embed it. `retina` is accepted and ignored: the cell sizes images."""

    _read_mode = "rb"
    _FORMATS = {"png": "png", "jpg": "jpeg", "jpeg": "jpeg"}

    def __init__(
        self,
        data=None,
        url=None,
        filename=None,
        format=None,  # noqa: A002 - IPython's name
        embed=None,
        width=None,
        height=None,
        retina=False,
        unconfined=False,
        metadata=None,
        alt=None,
    ):
        if isinstance(data, PurePath):
            data = str(data)
        if isinstance(data, str) and data.startswith("http") and url is None:
            url, data = data, None
        if data is None and url is None and filename is None:
            raise ValueError("No image data found. Expecting filename, url, or data.")
        self.embed = embed if embed is not None else url is None
        self.format = self._format_of(format, filename or url or data)
        self.width, self.height, self.unconfined, self.alt = width, height, unconfined, alt
        super().__init__(data=data, url=url, filename=filename, metadata=metadata)
        if self.embed and isinstance(self.data, str):
            raise FileNotFoundError(f"Image: no file named {self.data[:200]!r}")
        if self.embed and not isinstance(self.data, (bytes, bytearray)):
            raise TypeError(f"Image expects bytes or a file name, not {type(self.data).__name__}")

    def _format_of(self, format, source):  # noqa: A002
        if format is None and isinstance(source, str):
            format = os.path.splitext(source)[1][1:] or None
        if format is None:
            # IPython's guess: JPEG data starts with FF D8, anything else is taken as PNG.
            format = "jpeg" if isinstance(source, (bytes, bytearray)) and source[:2] == b"\xff\xd8" else "png"
        shown = self._FORMATS.get(format.lower())
        if shown is None and self.embed:
            raise ValueError(f"Cannot show a {format!r} image: convert it to PNG or JPEG first.")
        return shown or format.lower()

    def _check_url(self, url):
        """Shown from its URL by the page; only embedding it would need a download."""
        if self.embed:
            raise ValueError(
                f"Image cannot download {url} to embed it: Python in the browser has no "
                "synchronous network access. Without embed=True it is shown from its URL."
            )

    def _image(self, format):  # noqa: A002
        if not self.embed or self.format != format:
            return None
        sizing = {"width": self.width, "height": self.height, "unconfined": self.unconfined, "alt": self.alt}
        metadata = {**self.metadata, **{key: value for key, value in sizing.items() if value}}
        return (bytes(self.data), metadata) if metadata else bytes(self.data)

    def _repr_png_(self):
        return self._image("png")

    def _repr_jpeg_(self):
        return self._image("jpeg")

    def _repr_html_(self):
        if self.embed:
            return None
        attributes = (("src", self.url), ("width", self.width), ("height", self.height), ("alt", self.alt))
        attrs = "".join(f' {name}="{escape(str(value))}"' for name, value in attributes if value)
        return f"<img{attrs}/>"
