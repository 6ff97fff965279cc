from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from lindung.accounts.capabilities import Capability
from lindung.core.access import capability_required
from lindung.imports.template_file import area_of

from .xlsform import FORM_ID, xlsform_bytes


@capability_required(Capability.ENTER)
def odk_form_download(request: HttpRequest) -> HttpResponse:
    """The XLSForm for the user's area, to publish on ODK Central or KoboToolbox."""
    area = area_of(request.user)
    response = HttpResponse(
        xlsform_bytes(area), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{FORM_ID}-{area.code}.xlsx"'
    return response
