from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("programmes.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("implementation.urls")),
    path("", include("programmes.search.urls")),
    path("", include("programmes.api.feed_urls")),
    path("", include("programmes.api.page_urls")),
    path("", include("programmes.editorial.consultation.urls")),
    path("", include("programmes.urls")),
    prefix_default_language=False,
)

handler500 = "vipportal.views.server_error"
