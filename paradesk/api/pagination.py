"""Page windows over a queryset, so a list endpoint can audit what it returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import Model, QuerySet

from paradesk.api.schemas import PageParams

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Window(Generic[M]):
    items: list[M]
    count: int
    page: int
    page_size: int

    @property
    def ids(self) -> list[int]:
        return [item.pk for item in self.items]


def window(queryset: QuerySet[M], params: PageParams) -> Window[M]:
    start = (params.page - 1) * params.page_size
    return Window(
        items=list(queryset[start : start + params.page_size]),
        count=queryset.count(),
        page=params.page,
        page_size=params.page_size,
    )
