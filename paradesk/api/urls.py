from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, path, re_path

from paradesk.api.api import NOT_FOUND, api


def not_found(request: HttpRequest) -> JsonResponse:
    """Unknown API paths answer in JSON too, like an object one may not see."""
    return JsonResponse({"detail": NOT_FOUND}, status=404)


urlpatterns: list[URLPattern | URLResolver] = [
    path("", api.urls),
    re_path(r"^.*$", not_found),
]
