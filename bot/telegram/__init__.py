"""The Telegram bot: application wiring, handlers, delivery pacing, button state and HTML rendering."""
