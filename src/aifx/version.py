"""The version of aifx, in one place: the package metadata and every layer read it here."""

__version__ = "0.1.0"
