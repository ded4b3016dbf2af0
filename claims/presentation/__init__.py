"""How stored things are shown: highlighted article text, links to items and speakers, numbers
as people write them. Used by views, templates and exports; no writes."""
