"""The corpus stage: files and zips in, cleaned articles and their sentences out, kept in the SQLite store.

`batch` reads a batch (folders, files, zips) with its guards, `decoding` turns bytes into text, `html` reduces web
pages and markup-laden text to their main text (trafilatura), `metadata` finds title/site/URL/byline/date for
citations, `articles` parses one article (metadata, furniture, sentence spans) using `furniture` and `sentences`,
`boilerplate` finds the lines a site prints on every page of a batch, `store` keeps articles and sentences in
SQLite, and `ingest` runs a whole batch as one transaction.
"""
