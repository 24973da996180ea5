"""The index stage: one analyzer for sentences and queries, the BM25 index, its files on disk, and the retriever
that keeps an index snapshot current with the store."""
