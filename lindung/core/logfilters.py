"""Logging filters."""

import logging


class NoTracebackBelow500(logging.Filter):
    """django.request logs a refused page (403) with the PermissionDenied's traceback; a 4xx is the visitor's
    doing, not a fault in the code, so its line is kept and the traceback dropped. 500s keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
