"""Pages where an Admin Dinas keeps the reference data Lindung runs on, one module per noun."""

from .agencies import agency_edit, agency_list
from .aliases import alias_delete, alias_edit, alias_list
from .funding import funding_edit, funding_list
from .home import masterdata_home
from .layouts import layout_edit, layout_list
from .occupations import (
    occupation_activate,
    occupation_deactivate,
    occupation_delete,
    occupation_edit,
    occupation_list,
)
from .office import office_edit

__all__ = [
    "agency_edit",
    "agency_list",
    "alias_delete",
    "alias_edit",
    "alias_list",
    "funding_edit",
    "funding_list",
    "layout_edit",
    "layout_list",
    "masterdata_home",
    "occupation_activate",
    "occupation_deactivate",
    "occupation_delete",
    "occupation_edit",
    "occupation_list",
    "office_edit",
]
