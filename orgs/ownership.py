"""Which township owns a row, written once.

Every township-owned row carries an indexed ``township`` key, so that scoping a queryset to a user is a
single filter (``orgs.scoping``). The key is never typed by anybody: a row belongs to the township of the
row it hangs from (a cadre to her unit's, a post to its organisation's, an attendance row to its cadre's or,
for an external participant, to its event's), and a township unit owns itself.

* ``TownshipOwned``: the abstract base of those models. It declares the key and, in ``save``, derives it.
  A model names the relations it takes its township from in ``township_from`` (tried in order: the first
  one that is set decides).
* ``township_of``: the one rule, a pure function of a row (and of its parents' townships).
* ``assign_townships``: the same rule for a batch, with one query per relation for parents not at hand;
  every bulk writer (COPY, ``bulk_create``) calls it, so a loader or an import cannot get it wrong.
* ``move_owned_rows``: when a row's township changes (a cadre or an organisation transferred to a unit of
  another township), every row owned through it follows, recursively, in the same transaction and with a
  history row each. ``TownshipOwned.save`` and ``update_with_history`` call it; nothing is left behind for
  the old township to see or change.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, cast

from django.apps import apps
from django.db import models, router, transaction

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# A row's township as it was read from the database, to tell a transfer from an ordinary save.
_LOADED = "_township_as_loaded"
_UNKNOWN = object()
IN_BATCH = 5000  # parent ids named in one query of ``assign_townships``
MOVE_REASON = "随{owner}调整所属乡镇"


class TownshipOwned(models.Model):
    """Abstract base of every model whose rows belong to one township (or, with no township, to the county)."""

    township = models.ForeignKey(
        "orgs.Unit",
        verbose_name="所属乡镇",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    #: Relations the row takes its township from, in order: the first one that is set decides.
    township_from: ClassVar[tuple[str, ...]] = ()
    #: Field values that make a row its own township (a township unit); it then owns itself.
    self_owned_when: ClassVar[Mapping[str, object]] = {}

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.__dict__[_LOADED] = instance.__dict__.get("township_id", _UNKNOWN)
        return instance

    def refresh_from_db(self, *args, **kwargs) -> None:
        super().refresh_from_db(*args, **kwargs)
        if "township_id" in self.__dict__:
            self.__dict__[_LOADED] = self.township_id

    def save(self, *args, **kwargs) -> None:
        self.township_id = township_of(self)
        update_fields = kwargs.get("update_fields")
        moved, before = False, None
        if not self._state.adding and self.pk is not None:
            before = self.__dict__.get(_LOADED, _UNKNOWN)
            if before is _UNKNOWN:
                before = type(self)._default_manager.filter(pk=self.pk).values_list("township_id", flat=True).first()
            moved = before != self.township_id
            if moved and update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "township"}
        if moved:
            with transaction.atomic(using=router.db_for_write(type(self), instance=self)):
                super().save(*args, **kwargs)
                move_owned_rows(self, user=getattr(self, "_history_user", None))
        else:
            super().save(*args, **kwargs)
        if self.township_id is None and _owns_itself(self):
            # Its own key is known only once it has one.
            self.township_id = self.pk
            type(self)._default_manager.filter(pk=self.pk).update(township_id=self.pk)
        self.__dict__[_LOADED] = self.township_id


def _parent_relation(model: type[models.Model], name: str) -> models.ForeignKey[Any, Any]:
    """The relation ``name`` of ``model.township_from``: always a foreign key (or one-to-one) to a parent."""
    return cast("models.ForeignKey[Any, Any]", model._meta.get_field(name))


def _parent_model(model: type[models.Model], name: str) -> type[models.Model]:
    """The model the relation ``name`` of ``township_from`` points to (never ``"self"`` once apps are loaded)."""
    return cast("type[models.Model]", _parent_relation(model, name).related_model)


def _owns_itself(instance: models.Model) -> bool:
    when = getattr(type(instance), "self_owned_when", {})
    return bool(when) and all(getattr(instance, name) == value for name, value in when.items())


def township_of(
    instance: TownshipOwned, parent_townships: Mapping[tuple[str, object], int | None] | None = None
) -> int | None:
    """The township that owns ``instance``: itself if it is a township, else the township of the first parent
    named in ``township_from`` that is set, else none (the county's). ``parent_townships`` ((relation, parent
    pk) -> township id) answers for parents that are not loaded; any other parent is read as needed."""
    model = type(instance)
    if _owns_itself(instance):
        return instance.pk
    for name in model.township_from:
        parent_id = getattr(instance, _parent_relation(model, name).attname)
        if parent_id is None:
            continue
        if parent_townships is not None and (name, parent_id) in parent_townships:
            return parent_townships[(name, parent_id)]
        return getattr(instance, name).township_id
    return None


def assign_townships(instances: Iterable[models.Model]) -> None:
    """Set ``township_id`` on every row of a batch by ``township_of``: parents already attached are read as
    they are, the others' townships come in one query per relation (and per ``IN_BATCH`` ids)."""
    instances = list(instances)
    if not instances or not issubclass(type(instances[0]), TownshipOwned):
        return
    owned = cast("list[TownshipOwned]", instances)  # a batch holds rows of one model
    model = type(owned[0])
    missing: dict[str, set[Any]] = {}
    for instance in owned:
        if _owns_itself(instance):
            continue
        for name in model.township_from:
            field = _parent_relation(model, name)
            parent_id = getattr(instance, field.attname)
            if parent_id is None:
                continue
            if not field.is_cached(instance):
                missing.setdefault(name, set()).add(parent_id)
            break
    known: dict[tuple[str, object], int | None] = {}
    for name, ids in missing.items():
        parent_model = _parent_model(model, name)
        ordered = sorted(ids)
        for start in range(0, len(ordered), IN_BATCH):
            rows = parent_model._default_manager.filter(pk__in=ordered[start : start + IN_BATCH])
            known.update(((name, pk), township) for pk, township in rows.values_list("pk", "township_id"))
    for instance in owned:
        instance.township_id = township_of(instance, known)


def transferred(instances: Iterable[models.Model]) -> list[TownshipOwned]:
    """The rows of a batch (already given their townships) whose township is not the one read from the
    database: owners being transferred, whose rows ``move_owned_rows`` must carry along."""
    instances = [instance for instance in instances if instance.pk is not None and not instance._state.adding]
    if not instances or not issubclass(type(instances[0]), TownshipOwned):
        return []
    owned = cast("list[TownshipOwned]", instances)  # a batch holds rows of one model
    unknown = [instance.pk for instance in owned if instance.__dict__.get(_LOADED, _UNKNOWN) is _UNKNOWN]
    stored: dict[Any, int | None] = {}
    if unknown:
        manager = type(owned[0])._default_manager
        for start in range(0, len(unknown), IN_BATCH):
            stored.update(manager.filter(pk__in=unknown[start : start + IN_BATCH]).values_list("pk", "township_id"))
    return [
        instance
        for instance in owned
        if instance.township_id
        != (
            stored.get(instance.pk)
            if instance.__dict__.get(_LOADED, _UNKNOWN) is _UNKNOWN
            else instance.__dict__[_LOADED]
        )
    ]


@functools.cache
def _dependents(model: type[models.Model]) -> tuple[tuple[type[TownshipOwned], str, tuple[str, ...]], ...]:
    """(model, relation, earlier relations) of every township-owned model that takes its township from a row
    of ``model`` through ``relation`` (when the earlier relations of its ``township_from`` are empty)."""
    found = []
    for candidate in apps.get_models():
        if not issubclass(candidate, TownshipOwned):
            continue
        for index, name in enumerate(candidate.township_from):
            if issubclass(model, _parent_model(candidate, name)):
                found.append((candidate, name, candidate.township_from[:index]))
    return tuple(found)


def move_owned_rows(owner: TownshipOwned, *, user: User | None = None) -> int:
    """After ``owner``'s township changed, give every row owned through it (and through those, and so on)
    the same township, each with a history row naming why. Returns how many rows moved."""
    from simple_history.models import HistoricalRecords

    if user is None:
        request = getattr(HistoricalRecords.context, "request", None)
        candidate = getattr(request, "user", None)
        user = candidate if candidate is not None and candidate.is_authenticated else None
    reason = MOVE_REASON.format(owner=type(owner)._meta.verbose_name)
    with transaction.atomic(using=router.db_for_write(type(owner), instance=owner)):
        moved = _move(type(owner), [owner.pk], owner.township_id, user=user, reason=reason)
    owner.__dict__[_LOADED] = owner.township_id
    return moved


def _move(model: type[models.Model], pks: list[Any], township_id: int | None, *, user: User | None, reason: str) -> int:
    from simple_history.utils import bulk_update_with_history

    moved = 0
    for child, relation, earlier in _dependents(model):
        owned = child._default_manager.filter(
            **{f"{relation}__in": pks}, **{f"{name}__isnull": True for name in earlier}
        ).exclude(township_id=township_id)
        if child.self_owned_when:
            owned = owned.exclude(**child.self_owned_when)
        rows = list(owned.select_for_update())
        if not rows:
            continue
        for row in rows:
            row.township_id = township_id
        if hasattr(child, "history"):
            bulk_update_with_history(
                rows, child, ["township"], batch_size=500, default_user=user, default_change_reason=reason
            )
        else:
            child._default_manager.bulk_update(rows, ["township"], batch_size=500)
        moved += len(rows) + _move(child, [row.pk for row in rows], township_id, user=user, reason=reason)
    return moved


__all__ = ["TownshipOwned", "assign_townships", "move_owned_rows", "township_of", "transferred"]
