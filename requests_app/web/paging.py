"""Paging lists: a page of rows, and the query string a pager's links keep."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_of(request: HttpRequest, rows: QuerySet, size: int, param: str = "page") -> Page:
    """The page of `rows` the request asks for in `param` (the last page when past the end)."""
    return Paginator(rows, size).get_page(request.GET.get(param))


def filters_query(request: HttpRequest, param: str = "page") -> str:
    """The request's query string (its filters) without the page number, for pager links."""
    query = request.GET.copy()
    query.pop(param, None)
    return query.urlencode()
