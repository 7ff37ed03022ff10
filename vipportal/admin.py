"""The accounts in the admin: Django's own, with the password field drawn as valid HTML."""

from django.contrib import admin
from django.contrib.auth import forms, get_user_model
from django.contrib.auth.admin import UserAdmin

from implementation.login import AdminLoginForm

# The admin's login refuses an address with too many failed logins, as the planning
# login does (implementation/login.py; the 429 comes from its view in vipportal/urls.py).
admin.site.login_form = AdminLoginForm


class PasswordHashWidget(forms.ReadOnlyPasswordHashWidget):
    """The password's summary without `disabled`: Django puts the attribute of the
    read-only field on the widget's `<div>`, where HTML does not allow it. The field stays
    disabled, so nothing sent for it is ever read."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class AccountChangeForm(forms.UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordHashWidget()


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    form = AccountChangeForm
