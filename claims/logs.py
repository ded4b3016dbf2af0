"""How the server log prints requests Django refused: one line for an expected refusal."""

import logging


class RequestLogFormatter(logging.Formatter):
    """Leave out the traceback of a refusal the client caused (a 4xx).

    Django logs a 400, 403 or 404 with the exception that produced it on `django.request`, and a
    suspicious request (a bad Host header, a body over the limit) on `django.security.*`, each
    with its traceback: pages of noise for every scanner and typo, which hides the tracebacks
    that matter. Those records carry the response's status code; a 5xx, or any other record,
    is printed whole.
    """

    def format(self, record: logging.LogRecord) -> str:
        if _expected_refusal(record):
            record = logging.makeLogRecord(
                record.__dict__ | {"exc_info": None, "exc_text": None, "stack_info": None}
            )
        return super().format(record)


def _expected_refusal(record: logging.LogRecord) -> bool:
    status = getattr(record, "status_code", None)
    from_django = record.name == "django.request" or record.name.startswith("django.security")
    return from_django and isinstance(status, int) and 400 <= status < 500


class OneLinePerRefusal(logging.Filter):
    """Drop the development server's access line of an answer of 400 or more.

    Django logs every such answer on `django.request` (or `django.security.*`) with its reason
    ("Forbidden (Permission denied): /review/"), and `runserver` then logs the same request
    again as an access line (`"GET /review/ HTTP/1.1" 403 533`): two lines for one refusal.
    The reason is the line kept. Production servers (gunicorn) write no such access line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        return not (record.name == "django.server" and isinstance(status, int) and status >= 400)
