"""Paging for list pages, on Django's ``Paginator``: the ``page`` parameter checked with a
message a person can act on, and the NHS numbered pagination links for the page shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import QueryDict

from .http import Problem


@dataclass
class PageLink:
    number: int | None
    href: str = ""
    current: bool = False

    @property
    def ellipsis(self) -> bool:
        return self.number is None


@dataclass
class Pagination:
    """One page of a list and the links to the others, keeping the other query parameters."""

    page_obj: Page  # Django's page, named as its list views name it
    params: QueryDict

    @property
    def page(self) -> int:
        return self.page_obj.number

    @property
    def pages(self) -> int:
        return self.page_obj.paginator.num_pages

    @property
    def total(self) -> int:
        return self.page_obj.paginator.count

    @property
    def per_page(self) -> int:
        return self.page_obj.paginator.per_page

    @property
    def offset(self) -> int:
        return (self.page_obj.number - 1) * self.per_page

    @property
    def first_item(self) -> int:
        return self.page_obj.start_index()

    @property
    def last_item(self) -> int:
        return self.page_obj.end_index()

    @property
    def object_list(self):
        return self.page_obj.object_list

    def href(self, number: int) -> str:
        params = self.params.copy()
        if number == 1:
            params.pop("page", None)
        else:
            params["page"] = str(number)
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def previous_href(self) -> str:
        return self.href(self.page_obj.previous_page_number()) if self.page_obj.has_previous() else ""

    @property
    def next_href(self) -> str:
        return self.href(self.page_obj.next_page_number()) if self.page_obj.has_next() else ""

    @property
    def links(self) -> list[PageLink]:
        """First, last and the pages either side of the current one, with gaps as ellipses."""
        paginator = self.page_obj.paginator
        return [
            PageLink(None) if number == paginator.ELLIPSIS else PageLink(number, self.href(number), number == self.page)
            for number in paginator.get_elided_page_range(self.page, on_each_side=1, on_ends=1)
        ]


def page_of(object_list, number, *, per_page: int) -> Page:
    """Page ``number`` of ``object_list`` (the first when it is empty or None).

    Raises ``Problem``: 400 for a page that is not a whole number from 1, 404 past the last page.
    """
    raw = str(number or "").strip() or "1"
    paginator = Paginator(object_list, per_page)
    try:
        return paginator.page(raw)
    except PageNotAnInteger:
        raise Problem(f"The page number must be a whole number, not “{raw[:20]}”.") from None
    except EmptyPage:
        if int(raw) < 1:
            raise Problem("Pages start at 1.") from None
        pages = paginator.num_pages
        raise Problem(
            f"There is no page {int(raw)}: the results fill {pages} page{'s' if pages != 1 else ''}.", status=404
        ) from None


def paginate(object_list, *, params: QueryDict, per_page: int) -> Pagination:
    """The page of ``object_list`` that ``params["page"]`` names, with links that keep the other parameters."""
    return Pagination(page_obj=page_of(object_list, params.get("page"), per_page=per_page), params=params)
