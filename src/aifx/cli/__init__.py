"""The command line: the Typer app (``app.py``), options declared once, commands grouped by topic, one error boundary.

Only ``aifx.__main__`` imports the app module.
"""
