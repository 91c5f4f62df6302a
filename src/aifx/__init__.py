"""aifx: a sourced knowledge base of Europe's AI Factories, Antennas and sovereign-AI initiatives."""

import os

__version__ = "0.1.0"

# aifx uses no pydantic plugins; looking them up scans every installed package's metadata on start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
