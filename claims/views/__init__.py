"""Views, by subject. Each view checks who you are, reads a form, calls one service, renders."""

import claims.converters  # noqa: F401 - registers the <item_type:...> path converter
