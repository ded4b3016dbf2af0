"""Views, by subject. Each view checks who you are, reads a form, calls one service, renders."""
