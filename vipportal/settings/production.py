"""Production: everything secret or host-specific must come from the environment."""

from .base import *  # noqa: F403

STATIC_ROOT = env("VIP_STATIC_ROOT", str(BASE_DIR / "staticfiles"))  # noqa: F405
# Materials' uploaded files: on a disk that survives deploys, outside the static files.
MEDIA_ROOT = env("VIP_MEDIA_ROOT", str(BASE_DIR / "media"))  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off only where TLS ends elsewhere and plain HTTP never reaches the site (or in bench/).
SECURE_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"  # noqa: F405
# The load balancer's health checks (vipportal/health.py) may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Invitations to reviewers go out through SMTP (DJANGO_EMAIL_HOST …, settings/base.py).
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")  # noqa: F405

# Several app servers behind one address share PostgreSQL and Redis: the page cache and
# its invalidation, rate limits and sessions (kept in the database, read through Redis)
# are the same whichever server answers; login lockouts live in the database.
CACHES = {  # noqa: F405
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL", "redis://127.0.0.1:6379/0"),  # noqa: F405
        "KEY_PREFIX": env("VIP_CACHE_PREFIX", "vip"),  # noqa: F405
    }
}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long a server trusts its copy of when content last changed: a page published on
# one server is served fresh by the others within this time.
VIP_CONTENT_VERSION_TTL = float(env("VIP_CONTENT_VERSION_TTL", "0.5"))  # noqa: F405
VIP_WARM_HTTPS = env("VIP_WARM_HTTPS", "1") == "1"  # noqa: F405

# One JSON object per line on standard output, for the journal or the container runtime:
# each request with its id, each error with its traceback (vipportal/observability.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "vipportal.observability.RequestIdFilter"}},
    "formatters": {"json": {"()": "vipportal.observability.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stdout"], "level": env("VIP_LOG_LEVEL", "INFO")},  # noqa: F405
    "loggers": {
        # Its records carry the request itself: the request logger says what is needed.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}
