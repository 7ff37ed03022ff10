"""Health checks for the load balancer and the container runtime.

`/healthz`: the process answers (no query). `/readyz`: it can also reach the database
and the cache. Both say one word and nothing else (no versions, no error text: the
reason goes to the log), are never stored by a cache, set no cookie and take no session.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

log = logging.getLogger(__name__)


def _answer(word: str, status: int = 200) -> HttpResponse:
    return HttpResponse(word, content_type="text/plain; charset=utf-8", status=status)


@never_cache
@require_safe
def alive(request):
    return _answer("ok")


@never_cache
@require_safe
def ready(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        log.exception("Not ready: the database does not answer")
        return _answer("unavailable", 503)
    try:
        cache.set("readyz", "ok", 10)
        reachable = cache.get("readyz") == "ok"
    except Exception:
        log.exception("Not ready: the cache does not answer")
        return _answer("unavailable", 503)
    if not reachable:
        log.error("Not ready: the cache does not keep what is put in it")
        return _answer("unavailable", 503)
    return _answer("ok")
