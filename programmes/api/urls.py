"""The machine-readable addresses: the JSON API and FHIR, the same in every language (the
API takes `?lang=`), outside the language prefix."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("programmes.api.rest.urls")),
    path("fhir/", include("programmes.api.fhir.urls")),
]
