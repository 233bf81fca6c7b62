"""factory_boy factories for the portal's models, and the fixed cast of users the tests act as."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth.models import Group, User
from stdnum.cn import ric

from orgs.models import Cadre, Post, StaffProfile, TermElection, Unit, WomenOrganisation


def valid_id_number(sequence: int, birth: datetime.date = datetime.date(1985, 3, 12)) -> str:
    """A checksum-valid 身份证号 of a woman (even 17th digit), unique per sequence number."""
    birth = birth + datetime.timedelta(days=sequence // 500)
    body = f"330326{birth:%Y%m%d}{(sequence % 500) * 2:03d}"
    return body + ric.calc_check_digit(body + "0")


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("name",)

    name = "清源县"
    kind = Unit.Kind.COUNTY


class TownshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试{n}镇")
    kind = Unit.Kind.TOWNSHIP
    parent = factory.SubFactory(CountyFactory)


class UnitFactory(factory.django.DjangoModelFactory):
    """A village by default; pass kind= and parent= (a township) for the others."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"测试{n}村")
    kind = Unit.Kind.VILLAGE
    parent = factory.SubFactory(TownshipFactory)


class WomenOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WomenOrganisation

    unit = factory.SubFactory(UnitFactory)
    name = factory.LazyAttribute(lambda o: f"{o.unit.name}妇联")
    established_on = datetime.date(2020, 3, 8)


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    name = factory.Sequence(lambda n: f"李{'秀英桂芳玉兰'[n % 6]}{n}")

    @factory.post_generation
    def id_number(obj, create, extracted, **kwargs):
        if extracted is False:
            return
        number = extracted or valid_id_number(obj.pk or 0)
        obj.birth_date = None
        obj.set_id_number(number)
        if create:
            obj.save()


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    organisation = factory.SubFactory(WomenOrganisationFactory)
    cadre = factory.SubFactory(CadreFactory, unit=factory.SelfAttribute("..organisation.unit"))
    position = Cadre.Position.CHAIR


class TermElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TermElection

    organisation = factory.SubFactory(WomenOrganisationFactory)
    held_on = datetime.date(2023, 5, 10)


def make_user(username: str, role: str, township: Unit | None = None) -> User:
    user = User.objects.create_user(username=username, password="Test-pass-2026", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=user, township=township)
    return user


# --- training (events, attendance) ----------------------------------------------------------------


def this_year_on(month: int, day: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate().replace(month=month, day=day)


class EventFactory(factory.django.DjangoModelFactory):
    """A county course by default; pass organiser=<a township> for a township's own event."""

    class Meta:
        model = "training.Event"

    title = factory.Sequence(lambda n: f"测试培训班{n}")
    category = "training"
    kind = "course"
    organiser = factory.SubFactory(CountyFactory)
    starts_on = factory.LazyFunction(lambda: this_year_on(3, 10))
    ends_on = factory.SelfAttribute("starts_on")
    hours = 8


class ActivityFactory(EventFactory):
    title = factory.Sequence(lambda n: f"巾帼文化大舞台{n}")
    category = "activity"
    kind = ""
    activity_kind = "culture_stage"
    hours = 0
    participant_count = 100


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Attendance"

    event = factory.SubFactory(EventFactory)
    cadre = factory.SubFactory(CadreFactory)
    status = "attended"
    # hours_credited is derived on save: the event's hours, or hours_individual when given.


# --- demo_sites ------------------------------------------------------------------------------------


def demo_criteria_set(category: str = "womens_home", year: int | None = None):
    """The criteria set of ``category`` and ``year`` (this year by default); the seeding migration is
    replayed if a flush removed its rows."""
    from importlib import import_module

    from django.apps import apps
    from django.utils import timezone

    from demo_sites.services import criteria_set_for

    year = year or timezone.localdate().year
    import_module("demo_sites.migrations.0002_seed_criteria").seed(apps, None)
    return criteria_set_for(category=category, year=year)


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    """A custom rubric (e.g. for a future year); ``criteria=N`` adds N criteria of 10 points."""

    class Meta:
        model = "demo_sites.CriteriaSet"
        skip_postgeneration_save = True

    category = "womens_home"
    year = 2030
    name = "测试评价标准"
    pass_total = 80
    pass_min_per_criterion = 6

    @factory.post_generation
    def criteria(obj, create, extracted, **kwargs):
        from demo_sites.models import Criterion

        if create and extracted:
            Criterion.objects.bulk_create(
                [
                    Criterion(
                        criteria_set=obj,
                        code=f"T{n}",
                        name=f"测试指标{n}",
                        description="佐证材料说明",
                        max_score=10,
                        order=n,
                    )
                    for n in range(1, extracted + 1)
                ]
            )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft (by default) 县级 "妇女之家" application of this year with every self-assessment filled
    (``self_score=7`` to choose the score, ``self_score="empty"`` for rows left blank)."""

    class Meta:
        model = "demo_sites.Application"
        skip_postgeneration_save = True

    unit = factory.SubFactory(UnitFactory)
    category = "womens_home"
    level = "county"
    year = factory.LazyFunction(lambda: datetime.date.today().year)
    criteria_set = factory.LazyAttribute(lambda o: demo_criteria_set(o.category, o.year))
    status = "draft"
    deadline = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 31))

    @factory.post_generation
    def self_score(obj, create, extracted, **kwargs):
        from decimal import Decimal

        from demo_sites.models import SelfAssessment

        if not create:
            return
        score = None if extracted == "empty" else Decimal(str(9 if extracted is None else extracted))
        SelfAssessment.objects.bulk_create(
            [
                SelfAssessment(
                    township_id=obj.township_id,
                    application=obj,
                    criterion=c,
                    evidence="已落实，台账齐全" if score is not None else "",
                    score=score,
                )
                for c in obj.criteria_set.criteria.all()
            ]
        )


class DesignationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "demo_sites.Designation"

    unit = factory.SubFactory(UnitFactory)
    category = "womens_home"
    level = "county"
    year = 2024
    designated_on = datetime.date(2024, 6, 1)
    certificate_number = factory.Sequence(lambda n: f"清妇示〔2024〕{n + 1}号")


class CityRecommendationFactory(ApplicationFactory):
    """推荐市级 waiting for the city (待市级审核), from an in-force 县级 site (pass ``recommended_from=``)."""

    recommended_from = factory.SubFactory(DesignationFactory)
    unit = factory.SelfAttribute("recommended_from.unit")
    category = factory.SelfAttribute("recommended_from.category")
    level = "city"
    status = "recommended"
    summary = "阵地规范、活动经常，推荐申报市级示范点。"
    submitted_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    self_score = factory.PostGeneration(lambda *args, **kwargs: None)  # a recommendation has no self-assessment


# --- liaison (联系点) ----------------------------------------------------------------------------------


class ContactPointFactory(factory.django.DjangoModelFactory):
    """This year's contact point of ``person`` (a county user: pass one) at a village (by default)."""

    class Meta:
        model = "liaison.ContactPoint"

    year = factory.LazyFunction(lambda: datetime.date.today().year)
    unit = factory.SubFactory(UnitFactory)
    category = factory.LazyAttribute(
        lambda o: {"township": "township", "enterprise": "enterprise_or_site", "social_org": "enterprise_or_site"}.get(
            o.unit.kind, "village_or_community"
        )
    )


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "liaison.Visit"

    contact_point = factory.SubFactory(ContactPointFactory)
    visited_on = factory.LazyFunction(lambda: this_year_on(1, 15))
    visitors = "县妇联 王秀英"
    findings = "执委分工不明确"
    help_given = "指导制定执委分工表"
