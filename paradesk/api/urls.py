from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path
from django.views.decorators.csrf import csrf_exempt

from paradesk.api.api import NOT_FOUND, api


@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    """Unknown API paths answer in JSON too, like an object one may not see.

    Whatever the method: the API reads no CSRF token (it takes bearer tokens), so a
    write to an unknown path is a 404 like a read, not a CSRF page.
    """
    return JsonResponse({"detail": NOT_FOUND}, status=404)


urlpatterns: list[URLPattern | URLResolver] = [
    path("", api.urls),
    re_path(r"^.*$", not_found),
]
