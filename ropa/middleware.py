"""Opens a change context around every writing request, so admin and API writes carry user and reason."""

from ropa.history import change_context

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
REASON_HEADER = "X-Change-Reason"
REASON_FIELD = "change_reason"


class ChangeContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            return self.get_response(request)
        reason = request.headers.get(REASON_HEADER, "")
        if not reason and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            reason = request.POST.get(REASON_FIELD, "")
        if not reason:
            reason = f"{request.method} {request.path}"
        with change_context(reason=reason, request=request):
            return self.get_response(request)
