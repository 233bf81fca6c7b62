"""The county's grassroots organisations, the women who run them, and who may see which rows.

Every row that belongs to a township carries an indexed ``township`` foreign key, derived from its
parent row by ``orgs.ownership`` (on save and in every bulk writer), so that scoping a queryset to a user
is a single filter (see ``orgs.scoping``). Reference data (duties, leadership rules) has no township and
says so (``REFERENCE_DATA``).

The models live in modules by subject: ``units`` (基层单位, 妇女组织), ``cadres`` (妇女干部, 任职, 兼职岗位),
``elections`` (换届), ``leadership`` (班子配备), ``funds`` (经费), ``staff`` (账号所属乡镇), ``transfers``
(调动申请). The security audit log is the ``audit`` app's. Import them from here: ``from orgs.models import
Cadre``.
"""

from orgs.models.cadres import Cadre, Duty, Post, PostQuerySet
from orgs.models.elections import TermElection
from orgs.models.funds import Budget, Expenditure, Programme
from orgs.models.leadership import LeadershipRule, LeadershipRuleQuerySet
from orgs.models.staff import StaffProfile
from orgs.models.transfers import TransferRequest
from orgs.models.units import DATA_PERMISSIONS, Unit, WomenOrganisation, WomenOrganisationQuerySet

__all__ = [
    "DATA_PERMISSIONS",
    "Budget",
    "Cadre",
    "Duty",
    "Expenditure",
    "LeadershipRule",
    "LeadershipRuleQuerySet",
    "Post",
    "PostQuerySet",
    "Programme",
    "StaffProfile",
    "TransferRequest",
    "TermElection",
    "Unit",
    "WomenOrganisation",
    "WomenOrganisationQuerySet",
]
