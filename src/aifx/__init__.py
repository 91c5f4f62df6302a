"""aifx: a sourced knowledge base of Europe's AI Factories, Antennas and sovereign-AI initiatives."""

__version__ = "0.1.0"
