"""Front ends: the `qabot` command line, the console and the Telegram bot. They call `retrieval` only."""
