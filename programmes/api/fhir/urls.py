"""FHIR R4 at /fhir/ (outside the language prefix; ?lang=en for English)."""

from django.urls import path, re_path

from . import views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("PlanDefinition", views.plan_definition_search, name="plan_definition_search"),
    path(
        "PlanDefinition/<str:resource_id>/$package",
        views.plan_definition_package,
        name="plan_definition_package",
    ),
    path("PlanDefinition/<str:resource_id>", views.plan_definition_read, name="plan_definition"),
    path(
        "ActivityDefinition/<str:resource_id>",
        views.activity_definition_read,
        name="activity_definition",
    ),
    re_path(r"^(?P<rest>.*)$", views.unknown, name="unknown"),
]
