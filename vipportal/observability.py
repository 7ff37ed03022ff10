"""What running the portal leaves behind: a request id on every answer and a log line
for every request, as JSON lines in production (settings/production.py).

A request's id is the one the reverse proxy sent in `X-Request-ID` when it looks like
one, else a new one; the answer carries it back in the same header, and every log record
made while the request is handled names it, so a visitor's report ("it said error
…3f2a") leads to the traceback. Nothing personal is logged beyond the username: no
address, no query string (a search may hold a name), no form data.
"""

import contextvars
import datetime
import json
import logging
import re
import time
import traceback
import uuid

from django.utils.functional import empty

HEADER = "X-Request-ID"
_INCOMING = re.compile(r"[A-Za-z0-9._-]{8,64}")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
log = logging.getLogger("vipportal.request")

#: Record attributes a log line may carry besides its message (others are left out, so
#: that no request, form or address slips in through `extra`).
FIELDS = (
    "request_id",
    "method",
    "path",
    "status",
    "duration_ms",
    "user",
    "programme",
    "pages",
)


def current_request_id() -> str:
    return _request_id.get()


class RequestLogMiddleware:
    """Give each request its id, send it back as a header and log the request's outcome."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if _INCOMING.fullmatch(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.id = request_id
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            status = response.status_code
            log.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": username(request),
                },
            )
            return response
        finally:
            _request_id.reset(token)


def username(request) -> str:
    """The signed-in username, without loading a session the request did not read."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return ""
    return user.get_username() if user.is_authenticated else ""


class RequestIdFilter(logging.Filter):
    """Puts the id of the request being handled on every record."""

    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the allowed fields, and
    the traceback of an exception."""

    def format(self, record):
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in FIELDS:
            value = getattr(record, field, None)
            if value not in (None, ""):
                line[field] = value
        if record.exc_info:
            line["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)
