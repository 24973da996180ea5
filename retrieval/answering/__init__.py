"""The answering stage: read the question, fetch candidates from the index, re-rank them with named features,
decide between an answer and a refusal, and group copies of the same statement."""
