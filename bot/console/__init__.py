"""The interactive console (`qabot console`) and its text rendering."""
