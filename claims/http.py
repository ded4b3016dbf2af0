"""The request classes the servers build: Django's, except that a request is never decoded in a
charset other than UTF-8.

Django takes a Content-Type's charset as the request's encoding whenever Python has a codec of
that name, and setting it decodes the query string at once, while the request is being built:
`?q=x` with `charset=rot13` (not a text codec) or `charset=idna` raised there, before any
middleware or error page could answer, and the server sent a bare 500. Here only UTF-8, under
any of its names, becomes the encoding; `claims.middleware.RequestCharsetMiddleware` answers
every other charset with a 400 page.
"""

import codecs

from django.core.exceptions import BadRequest
from django.core.handlers.asgi import ASGIHandler, ASGIRequest
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.utils.http import parse_header_parameters


def is_utf8(charset: str | None) -> bool:
    """Whether `charset` names UTF-8 ("utf-8", "UTF8", "utf_8" ...)."""
    try:
        return charset is not None and codecs.lookup(charset).name == "utf-8"
    except LookupError:
        return False


class Utf8Only:
    def _set_content_type_params(self, meta) -> None:
        try:
            self.content_type, self.content_params = parse_header_parameters(
                meta.get("CONTENT_TYPE", "")
            )
        except ValueError as exc:
            raise BadRequest("Invalid Content-Type header.") from exc
        if is_utf8(self.content_params.get("charset")):
            self._encoding = "utf-8"


class ClaimDeskWSGIRequest(Utf8Only, WSGIRequest):
    pass


class ClaimDeskASGIRequest(Utf8Only, ASGIRequest):
    pass


class ClaimDeskWSGIHandler(WSGIHandler):
    request_class = ClaimDeskWSGIRequest


class ClaimDeskASGIHandler(ASGIHandler):
    request_class = ClaimDeskASGIRequest
