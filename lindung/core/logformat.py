"""One JSON object a line for journald or any log collector (LINDUNG_LOG_FORMAT=json).

Used by Django, the background worker, the scheduler and gunicorn (deploy/gunicorn.conf.py) alike. A request
is logged by its path without the query string: a search for a NIK or a name must not end up in a log file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

# gunicorn's access-log atoms worth keeping (see gunicorn.glogging.Logger.atoms); no query string, no cookies.
ACCESS_FIELDS = {"h": "remote", "m": "method", "U": "path", "s": "status", "B": "bytes", "M": "duration_ms"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "at": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "pid": record.process,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            atoms = record.args
            entry["message"] = "request"
            for atom, name in ACCESS_FIELDS.items():
                value = atoms.get(atom)
                if value not in (None, "-"):
                    entry[name] = int(value) if name in ("status", "bytes", "duration_ms") else value
        else:
            entry["message"] = record.getMessage()
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"], entry["path"] = request.method, request.path
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
