"""Placeholder until the views land in this session."""

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest) -> HttpResponse:
    return HttpResponse("not yet")


login_view = logout_view = people = tokens = matter_list = my_work = review_queue = dashboard = _todo
