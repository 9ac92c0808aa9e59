"""Page-number pagination with a bounded, client-selectable page size."""

from rest_framework.pagination import PageNumberPagination


class RegisterPagination(PageNumberPagination):
    """`PAGE_SIZE` rows (the setting) unless the client asks for up to `max_page_size`."""

    page_size_query_param = "page_size"
    max_page_size = 200
