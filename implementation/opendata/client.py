"""Getting JSON over HTTP from an open data source: timeouts, retries with exponential
backoff on timeouts, 5xx and 429 (honouring a capped Retry-After), and one clear error
when the answer cannot be used. Standard library only."""

import datetime
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

USER_AGENT = "VIP-portalen (open data import)"


class OpenDataError(Exception):
    """An open source could not be read, or answered with something we cannot trust.
    The message is written for the person who started the import."""


def _setting(name: str, default):
    return getattr(settings, name, default)


class JsonClient:
    """GETs JSON documents from one base URL.

    `sleep` is replaceable so that tests need not wait for the backoff.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        max_wait: float | None = None,
        sleep: Callable[[float], None] | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout if timeout is not None else _setting("VIP_OPENDATA_TIMEOUT", 20)
        self.retries = retries if retries is not None else _setting("VIP_OPENDATA_RETRIES", 3)
        self.backoff = backoff if backoff is not None else _setting("VIP_OPENDATA_BACKOFF", 1.0)
        self.max_wait = max_wait if max_wait is not None else _setting("VIP_OPENDATA_MAX_WAIT", 30)
        self.sleep = sleep or _sleep

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path.lstrip('/')}"

    def get(self, url: str):
        """The decoded JSON at `url` (absolute, or a path under the base URL)."""
        if not url.startswith(("http://", "https://")):
            url = self.url(url)
        attempt = 0
        while True:
            try:
                return self._get_once(url)
            except _Retryable as problem:
                if attempt >= self.retries:
                    raise OpenDataError(problem.message) from None
                self.sleep(min(problem.wait or self.backoff * 2**attempt, self.max_wait))
                attempt += 1

    def _get_once(self, url: str):
        request = urllib.request.Request(
            url, headers={"Accept": "application/json", "User-Agent": USER_AGENT}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as error:
            if error.code == 429 or error.code >= 500:
                raise _Retryable(
                    _("The source answered %(status)s (%(url)s).")
                    % {"status": error.code, "url": url},
                    wait=_retry_after(error.headers.get("Retry-After")),
                ) from None
            raise OpenDataError(
                _("The source answered %(status)s (%(url)s).") % {"status": error.code, "url": url}
            ) from None
        except TimeoutError:
            raise _Retryable(
                _("The source did not answer within %(seconds)s seconds (%(url)s).")
                % {"seconds": self.timeout, "url": url}
            ) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise _Retryable(
                    _("The source did not answer within %(seconds)s seconds (%(url)s).")
                    % {"seconds": self.timeout, "url": url}
                ) from None
            raise OpenDataError(
                _("The source could not be reached (%(url)s): %(reason)s.")
                % {"url": url, "reason": error.reason}
            ) from None
        except OSError as error:
            raise _Retryable(
                _("The connection to the source broke (%(url)s): %(reason)s.")
                % {"url": url, "reason": error}
            ) from None
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise OpenDataError(
                _("The source's answer is not JSON (%(url)s); it may have changed.") % {"url": url}
            ) from None


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


class _Retryable(Exception):
    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.message = message
        self.wait = wait


def _retry_after(header: str | None) -> float | None:
    """The seconds a Retry-After header asks for (a number or an HTTP date)."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if timezone.is_naive(when):
        when = timezone.make_aware(when, datetime.UTC)
    return max((when - timezone.now()).total_seconds(), 0.0)
