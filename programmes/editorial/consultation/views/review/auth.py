"""Logging in and out of the programme work, and the invitation link where an invited
reviewer chooses a password (django-axes counts failed logins; posts are rate limited)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_ratelimit.decorators import ratelimit

from programmes.crumbs import crumb

from ...invitations import invitation_tokens
from ...models import Reviewer
from .common import LOGIN_RATE, WELCOME_RATE, address_key, too_many
from .forms import ChoosePasswordForm


@method_decorator(never_cache, name="dispatch")
@method_decorator(
    ratelimit(
        group="consultation.login", key=address_key, rate=LOGIN_RATE, method="POST", block=False
    ),
    name="dispatch",
)
class LoginView(auth_views.LoginView):
    template_name = "consultation/review/login.html"
    redirect_authenticated_user = True
    extra_context = {"breadcrumbs": [crumb(gettext_lazy("Log in"))]}

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            return too_many(request)
        return super().post(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("consultation:home")

    def get_context_data(self, **kwargs):
        return super().get_context_data(failure_limit=settings.AXES_FAILURE_LIMIT, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("consultation:login")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have been logged out."))
        return response


def _invited_user(uidb64: str, token: str):
    """The user the link was made for, if it is still valid: made for them, not expired,
    and no password chosen (nor a login made) since."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None or user.has_usable_password():
        return None
    return user if invitation_tokens.check_token(user, token) else None


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
@ratelimit(
    group="consultation.welcome", key=address_key, rate=WELCOME_RATE, method="POST", block=False
)
def welcome(request, uidb64, token):
    """The invitation link: who is invited to which rounds, and a form to choose a
    password. Once it is chosen the reviewer is logged in and taken to the round."""
    if request.method == "POST" and getattr(request, "limited", False):
        return too_many(request)
    user = _invited_user(uidb64, token)
    reviews = (
        list(
            Reviewer.objects.filter(user=user)
            .select_related("invitation__round__programme", "invitation__organisation")
            .order_by("-invitation__round__opened_at", "-pk")
        )
        if user is not None
        else []
    )
    if not reviews:
        return render(
            request,
            "consultation/review/link_invalid.html",
            {"breadcrumbs": [crumb(_("The link does not work"))]},
            status=400,
        )
    form = ChoosePasswordForm(user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        form.save()
        # The password backend, last in the settings' list (axes comes first).
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])
        messages.success(request, _("Your password is saved and you are logged in."))
        return redirect("consultation:review_round", reviews[0].invitation.round_id)
    return render(
        request,
        "consultation/review/welcome.html",
        {
            "invited": user,
            "reviews": reviews,
            "form": form,
            "breadcrumbs": [crumb(_("Welcome"))],
        },
        status=400 if form.is_bound else 200,
    )
