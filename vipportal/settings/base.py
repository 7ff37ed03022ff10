"""Settings shared by every environment. Secrets and hosts come from the environment."""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vipportal.env import env, env_list, read_env_file

BASE_DIR = Path(__file__).resolve().parent.parent.parent
read_env_file(BASE_DIR / ".env")

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

INSTALLED_APPS = [
    # modeltranslation must come before admin so that its admin integration wins.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "treebeard",
    "django_prose_editor",
    "simple_history",
    "axes",
    "corsheaders",
    "django_ratelimit",
    # The rooms of the house, from the bottom up (../shared/architecture.json; the
    # import-linter contracts in pyproject.toml keep them so).
    "care_levels",
    "programmes",
    "programmes.search",
    "programmes.editorial",
    "programmes.editorial.consultation",
    "programmes.api",
    "implementation",
    "implementation.opendata",
    "implementation.followup",
    "vipportal",
]

MIDDLEWARE = [
    # First: every answer, cached pages and static files included, carries a request id,
    # and every request is logged with it (vipportal/observability.py).
    "vipportal.observability.RequestLogMiddleware",
    # Before whitenoise and the page cache: Permissions-Policy and
    # Cross-Origin-Resource-Policy on every answer; TRACE, TRACK and CONNECT refused.
    "vipportal.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Open knowledge is for everyone: any site may read the API and FHIR with GET.
    "corsheaders.middleware.CorsMiddleware",
    # Outside sessions, CSRF and messages: it sees the cookies and Vary they add, and
    # caches only what is the same for every anonymous visitor.
    # Outside the page cache, which keys each page on the visitor's place (local view).
    "programmes.local.PlaceMiddleware",
    "programmes.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "implementation.middleware.LargeFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "vipportal.urls"
# A care level's public page belongs to the content side, which the vocabulary never
# imports: the project tells the model where its page is.
ABSOLUTE_URL_OVERRIDES = {
    "care_levels.carelevel": lambda level: reverse("programmes:level", args=[level.slug]),
}
WSGI_APPLICATION = "vipportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% url %}` reversing each address once per process (see the module).
            "builtins": ["programmes.templatetags.memo_url"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "vipportal.context_processors.site",
                "programmes.local.place_context",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several workers writing at once: a transaction takes the write lock when it begins
    # (a deferred one that reads first and then writes fails at once with "database is
    # locked" instead of waiting), a writer waits up to 20 s for another, and readers do
    # not block writers (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Refuses a login while its username and address are locked out, before any password
    # is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the signed-in user in one prepared query.
    "vipportal.auth.ModelBackend",
]
LOGIN_URL = "implementation:login"
LOGIN_REDIRECT_URL = "implementation:home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "vipportal" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sv",)

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (materials) are served only by programmes.views.materials, never as static
# files: MEDIA_URL is not routed anywhere.
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"
VIP_MATERIAL_MAX_BYTES = 100 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Query strings and form bodies of public pages are small; anything far larger is an error.
# (The target matrix of a plan has room for more: implementation/middleware.py.)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

SESSION_COOKIE_HTTPONLY = True
# No script of ours reads the CSRF cookie: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# The public pages have no inline script or style at all; the admin's scripts are files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # The nonce reaches the header only on pages that use it: the admin's rich-text
        # editor loads its modules through an import map, an inline script.
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The offline service worker (/sw.js) and the web app manifest.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# All content shipped in fixtures/ is demo content; pages say so while this is on.
VIP_DEMO_CONTENT = env("VIP_DEMO_CONTENT", "1") == "1"
# Whole-page caching of anonymous public pages (programmes/page_cache.py); 0 turns it off.
VIP_PAGE_CACHE = env("VIP_PAGE_CACHE", "1") == "1"
# How long a process trusts its copy of "when content last changed" (seconds).
VIP_CONTENT_VERSION_TTL = float(env("VIP_CONTENT_VERSION_TTL", "1"))
# Part of every page-cache key: set it per deploy when a shared cache outlives a release.
VIP_RELEASE = env("VIP_RELEASE", "")

# Pages are cached per process by default, with room for every public page in both
# languages; REDIS_URL shares the cache between processes and servers (production always
# does: settings/production.py). The prefix keeps sites sharing one Redis apart.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}
if env("REDIS_URL", ""):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "KEY_PREFIX": env("VIP_CACHE_PREFIX", "vip"),
    }
# After a programme is published its pages are rendered into the page cache ahead of
# visitors: "thread" (in the background), "inline" (before the request ends) or "off";
# for the host VIP_WARM_HOST (default: the first allowed host), over HTTPS if 1 (the
# default in production, where TLS ends at the proxy).
VIP_WARM_PAGES = env("VIP_WARM_PAGES", "thread")
VIP_WARM_HOST = env("VIP_WARM_HOST", "")
VIP_WARM_HTTPS = env("VIP_WARM_HTTPS", "0") == "1"
# django-ratelimit counts the forms invited outsiders post (programme work) in the default
# cache. Django's Redis cache counts atomically but is not on its list; the in-process
# cache counts per worker process; several servers share their counts through REDIS_URL.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Login lockout (django-axes): five failures for one username from one address lock that
# pair out for 15 minutes. Keyed on both, so colleagues behind one office address are not
# locked out by someone else's typing, and a guesser cannot lock out a user everywhere.
AXES_FAILURE_LIMIT = int(env("VIP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(env("VIP_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "implementation.login.locked_out"
AXES_USERNAME_CALLABLE = "implementation.login.recorded_username"
AXES_CLIENT_IP_CALLABLE = "programmes.form_pages.client_ip"
# How many proxies in front of the site add themselves to X-Forwarded-For (0: none, the
# address is REMOTE_ADDR). A header the proxies did not write is never trusted.
VIP_TRUSTED_PROXIES = int(env("VIP_TRUSTED_PROXIES", "0"))
AXES_VERBOSE = False
# Per address, whatever the username (axes locks only one username at one address):
# failed logins to the planning pages and the admin before the login refuses for the
# rest of the period (password spraying). An office behind one address shares it.
VIP_LOGIN_ADDRESS_RATE = env("VIP_LOGIN_ADDRESS_RATE", "20/10m")
# Accessibility reports (the one public form) accepted from one address.
VIP_ACCESSIBILITY_REPORT_RATE = env("VIP_ACCESSIBILITY_REPORT_RATE", "5/10m")

# Open knowledge (programmes/api): the API and FHIR are read by anyone, from any site.
CORS_URLS_REGEX = r"^/(api|fhir)/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Link")
# The licence and attribution every API and FHIR response carries. The demo content is
# written for this project and is no real national programme.
VIP_CONTENT_LICENCE = env("VIP_CONTENT_LICENCE", "CC BY 4.0")
VIP_CONTENT_LICENCE_URL = env(
    "VIP_CONTENT_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
VIP_CONTENT_ATTRIBUTION = env(
    "VIP_CONTENT_ATTRIBUTION",
    (
        "VIP-portalen. Demonstrationsinnehåll skrivet för projektet, inte ett fastställt "
        "nationellt vård- och insatsprogram."
    ),
)
# The canonical base of FHIR resources' urls; stable across imports and servers.
VIP_CANONICAL_BASE = env("VIP_CANONICAL_BASE", "https://vip-portalen.example.se")

# Programme work (programmes/editorial/consultation): reviewers are invited by e-mail.
# Development prints the mail on the console; production sends it through the SMTP
# server the environment names (DJANGO_EMAIL_HOST …); the tests keep it in memory.
EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("DJANGO_EMAIL_USE_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = env(
    "DJANGO_DEFAULT_FROM_EMAIL", "VIP-portalen <noreply@vip-portalen.example.se>"
)
# How long an invitation's link to set a password stays valid.
VIP_INVITATION_DAYS = int(env("VIP_INVITATION_DAYS", "14"))

# Open data (implementation/opendata): Kolada's API and how patiently to ask it.
VIP_KOLADA_URL = env("VIP_KOLADA_URL", "https://api.kolada.se/v3")
VIP_KOLADA_YEARS = int(env("VIP_KOLADA_YEARS", "10"))  # years fetched and shown
VIP_OPENDATA_TIMEOUT = float(env("VIP_OPENDATA_TIMEOUT", "20"))  # seconds per request
VIP_OPENDATA_RETRIES = int(env("VIP_OPENDATA_RETRIES", "3"))  # after the first try
VIP_OPENDATA_BACKOFF = 1.0  # seconds, doubled each retry
VIP_OPENDATA_MAX_WAIT = 30  # cap on any wait, Retry-After included
VIP_OPENDATA_FETCH_RATE = "5/m"  # the planning button, per user
