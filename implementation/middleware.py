"""Room for the one form that is larger than the site's limit on fields: the target matrix."""

from urllib.parse import parse_qsl

from django.core.exceptions import TooManyFieldsSent
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict


def large_form(max_fields: int):
    """Mark a view whose POST form may have up to `max_fields` fields."""

    def mark(view):
        view.max_form_fields = max_fields
        return view

    return mark


class LargeFormMiddleware:
    """Read the body of a view marked with `large_form` under its own field limit.

    `DATA_UPLOAD_MAX_NUMBER_FIELDS` stays small for every other page. This runs before
    the CSRF check, which would otherwise read the body under the small limit; the body's
    size is still capped by `DATA_UPLOAD_MAX_MEMORY_SIZE`. Only url-encoded bodies, the
    encoding of a form without files, get the larger limit.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "max_form_fields", None)
        if (
            limit is None
            or request.method != "POST"
            or request.content_type != "application/x-www-form-urlencoded"
        ):
            return None
        data = QueryDict(mutable=True)
        body = request.body.decode(request.encoding or "utf-8", errors="replace")
        try:
            pairs = parse_qsl(body, keep_blank_values=True, max_num_fields=limit)
        except ValueError as error:
            raise TooManyFieldsSent("The form has too many fields.") from error
        for key, value in pairs:
            data.appendlist(key, value)
        data._mutable = False
        request._post, request._files = data, MultiValueDict()
        return None
