"""Logging in and out of the implementation pages (django-axes counts the failures, and
so does the limit per address: implementation/login.py)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from programmes.crumbs import crumb

from ..login import LoginForm, answer_refused


@method_decorator(never_cache, name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "implementation/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context = {"breadcrumbs": [crumb(_("Log in"))]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(failure_limit=settings.AXES_FAILURE_LIMIT, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return answer_refused(response, form)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("implementation:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response
