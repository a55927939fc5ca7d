"""Paging for list pages: validate ``page`` and build the NHS numbered pagination items."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict


class PageOutOfRange(Exception):
    def __init__(self, page: int, pages: int):
        super().__init__(f"There is no page {page}: the results fill {pages} page{'s' if pages != 1 else ''}.")


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
    page: int
    pages: int
    total: int
    per_page: int
    params: QueryDict

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def first_item(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_item(self) -> int:
        return min(self.offset + self.per_page, self.total)

    def href(self, page: int) -> str:
        params = self.params.copy()
        if page == 1:
            params.pop("page", None)
        else:
            params["page"] = str(page)
        encoded = params.urlencode()
        return f"?{encoded}" if encoded else "?"

    @property
    def previous_href(self) -> str:
        return self.href(self.page - 1) if self.page > 1 else ""

    @property
    def next_href(self) -> str:
        return self.href(self.page + 1) if self.page < self.pages else ""

    @property
    def links(self) -> list[PageLink]:
        """First, last and the pages either side of the current one, with gaps as ellipses."""
        wanted = sorted({1, self.pages, self.page - 1, self.page, self.page + 1} & set(range(1, self.pages + 1)))
        links: list[PageLink] = []
        for number in wanted:
            if links and number - (links[-1].number or 0) > 1:
                links.append(PageLink(None))
            links.append(PageLink(number, self.href(number), number == self.page))
        return links


def paginate(*, page: int | None, total: int, per_page: int, params: QueryDict) -> Pagination:
    """A Pagination for a validated page number; raises PageOutOfRange past the last page."""
    pages = max(1, -(-total // per_page))
    page = page or 1
    if page > pages:
        raise PageOutOfRange(page, pages)
    return Pagination(page=page, pages=pages, total=total, per_page=per_page, params=params)


def parse_page(params: QueryDict) -> tuple[int, str]:
    """The ``page`` parameter as a number from 1, and an error message if it is not one."""
    raw = params.get("page", "").strip()
    if not raw:
        return 1, ""
    if not raw.isdigit():
        if raw.startswith("-") and raw[1:].isdigit():
            return 1, "Pages start at 1."
        return 1, f"The page number must be a whole number, not “{raw[:20]}”."
    page = int(raw)
    if page < 1:
        return 1, "Pages start at 1."
    return page, ""
