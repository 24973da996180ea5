"""Scoring answers against question sets (JSONL and SQuAD 2.0), used by `qabot eval` and the quality gates."""
