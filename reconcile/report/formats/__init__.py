"""The renderers: each takes a stored run as `reconcile.store.runs` reads it and writes one format."""
