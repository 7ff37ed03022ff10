from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    """The 500 page, rendered without context so that it cannot fail in turn."""
    return HttpResponseServerError(loader.get_template("500.html").render())
