"""Excel import/export of units, women's organisations, cadres (with their current post) and 换届 records.

Natural keys a person can type: a unit is its name within its township (县直单位: within the county), a
women's organisation is the unit it belongs to, a cadre is her 身份证号, a 换届 is its organisation and
date. See ``orgs.importing.resources`` for the machinery (scope, speed, validation, messages).

One module per family: ``units`` (units, women's organisations and the shared base), ``cadres``,
``elections``. Import them from here.
"""

from orgs.resources.cadres import CadreResource
from orgs.resources.elections import TermElectionResource
from orgs.resources.units import (
    NewOrganisationResource,
    OrganResource,
    OrgsResource,
    UnitResource,
    VillageCommunityResource,
    WomenOrganisationResource,
)

__all__ = [
    "CadreResource",
    "NewOrganisationResource",
    "OrganResource",
    "OrgsResource",
    "TermElectionResource",
    "UnitResource",
    "VillageCommunityResource",
    "WomenOrganisationResource",
]
