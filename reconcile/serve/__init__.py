"""`reconcile serve`: the review page, a small local web app over the same verbs as the CLI.

Flask renders every page on the server with Jinja2, whose autoescaping makes every claim's
text, quote and URL render as text; `csrf` guards every state-changing request; decisions go
through `reconcile.commands` exactly as `reconcile review …` records them.
"""

from reconcile.serve.app import create_app

__all__ = ["create_app"]
