"""aifx: a sourced knowledge base of Europe's AI Factories, Antennas and sovereign-AI initiatives.

For scripts and notebooks: ``catalog = aifx.load()`` (see aifx.api.load and aifx.dataset.catalog.Catalog).
"""

import os
from typing import TYPE_CHECKING

__version__ = "0.1.0"

# aifx uses no pydantic plugins; looking them up scans every installed package's metadata on start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

if TYPE_CHECKING:
    from aifx.api import load as load
else:

    def __getattr__(name: str) -> object:
        """``aifx.load`` (the Python API, aifx.api.load) on first use, so that ``import aifx`` stays cheap."""
        if name == "load":
            from aifx.api import load

            return load
        raise AttributeError(f"module 'aifx' has no attribute {name!r}")
