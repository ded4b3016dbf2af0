"""Counts across articles: one figure followed through the news (issue #12).

Pure Python and spaCy, like ``claims.extraction``: numeric mentions in, intervals, as-of dates,
links between articles and flags out. Nothing here imports Django, so the ``link_counts``
command and the services share the same rules.
"""
