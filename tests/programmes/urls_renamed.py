"""A URL configuration with the programme page at another address (test_memo_url)."""

from django.urls import include, path

from programmes import views

programmes = ([path("annat/<slug:slug>/", views.programme_detail, name="detail")], "programmes")
urlpatterns = [path("", include(programmes))]
