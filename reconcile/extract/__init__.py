"""The extract stage: news articles in, candidate claims out (see `docs/extract.md`)."""
