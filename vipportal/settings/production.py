"""Production: everything secret or host-specific must come from the environment."""

from .base import *  # noqa: F403

STATIC_ROOT = env("VIP_STATIC_ROOT", str(BASE_DIR / "staticfiles"))  # noqa: F405
# Materials' uploaded files: on a disk that survives deploys, outside the static files.
MEDIA_ROOT = env("VIP_MEDIA_ROOT", str(BASE_DIR / "media"))  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Off only where TLS ends elsewhere and plain HTTP never reaches the site (or in bench/).
SECURE_SSL_REDIRECT = env("DJANGO_SECURE_SSL_REDIRECT", "1") == "1"  # noqa: F405
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Invitations to reviewers go out through SMTP (DJANGO_EMAIL_HOST …, settings/base.py).
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")  # noqa: F405
