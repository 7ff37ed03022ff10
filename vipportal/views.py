from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    """The 500 page, rendered with nothing but the request's id (the error code a visitor
    can give, which the log names) so that it cannot fail in turn."""
    request_id = getattr(request, "id", "")
    return HttpResponseServerError(
        loader.get_template("500.html").render({"request_id": request_id})
    )
