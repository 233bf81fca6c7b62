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
