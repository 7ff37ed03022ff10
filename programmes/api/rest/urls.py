"""The JSON API, mounted at /api/v1/ (`programmes.api.urls`)."""

from django.urls import path

from .api import api

urlpatterns = [path("", api.urls)]
