"""The one-shot `qabot` subcommands: ingest, sources, ask and eval."""
