from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from implementation.login import admin_login

from . import health

urlpatterns = [
    # For the load balancer: outside the language prefixes, never cached.
    path("healthz", health.alive, name="healthz"),
    path("readyz", health.ready, name="readyz"),
    # The admin's login, answering 429 when it refuses an address (implementation/login.py).
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("", include("programmes.api.urls")),
]

# The public pages first: a path is matched against the patterns in order (almost 200 in
# each language), and they are most of what is asked for. No two rooms share a path.
urlpatterns += i18n_patterns(
    path("", include("programmes.urls")),
    path("", include("programmes.search.urls")),
    path("", include("programmes.api.feed_urls")),
    path("", include("programmes.api.page_urls")),
    path("", include("programmes.editorial.consultation.urls")),
    path("", include("implementation.urls")),
    prefix_default_language=False,
)

handler500 = "vipportal.views.server_error"
