"""``python -m aifx`` runs the CLI."""

from aifx.cli import main

main()
