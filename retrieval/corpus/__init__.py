"""The corpus stage: files and zips in, cleaned articles and their sentences out, kept in the SQLite store.

`batch` reads a batch (folders, files, zips) with its guards, `decoding` turns bytes into text, `articles` parses one
article (metadata, furniture, sentence spans) using `furniture` and `sentences`, `store` keeps articles and
sentences in SQLite, and `ingest` runs a whole batch as one transaction.
"""
