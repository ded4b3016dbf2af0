"""The one router of /api/v1/: ninja merges the methods of one path only within a router, and
GET and POST /articles (list, ingest) share a path."""

from ninja import Router

router = Router()
