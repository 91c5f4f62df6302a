"""aifx: a sourced knowledge base of Europe's AI Factories, Antennas and sovereign-AI initiatives.

For scripts and notebooks: ``catalog = aifx.load()``, ``aifx.search(catalog, text)`` and ``aifx.table(name)``, one
export table's flat rows (see aifx.api).
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aifx.api import load as load
    from aifx.api import search as search
    from aifx.api import table as table
    from aifx.version import __version__ as __version__
else:

    def __getattr__(name: str) -> object:
        """``aifx.load``, ``aifx.search``, ``aifx.table`` (the Python API, aifx.api) and ``__version__`` on first
        use, so that ``import aifx`` stays cheap."""
        if name in ("load", "search", "table"):
            from aifx import api

            return getattr(api, name)
        if name == "__version__":
            from aifx.version import __version__

            return __version__
        raise AttributeError(f"module 'aifx' has no attribute {name!r}")
