"""CLI commands, one module per panel; each command is options → core call → one view."""
