"""The base of every import/export resource: scoped, validated like the forms, fast, and in Chinese.

django-import-export falls short for this job in known ways; ``ScopedResource`` fixes them in one place:

* **Scope.** Row lookups (``get_queryset``) and exports (``filter_export``) go through ``orgs.scoping`` for
  the user the admin passes in (``get_import_resource_kwargs``). A row naming another township, or a key
  that belongs to another township's row, is an error for that row and reveals nothing about it.
* **Speed.** The stock import costs several queries per row (instance lookup, foreign keys, savepoint,
  insert, uniqueness checks in ``full_clean``). Here every lookup is a dict built once per import
  (``prepare``), ``full_clean`` runs without its per-row queries (foreign keys and uniqueness are resolved
  from those dicts instead), new rows and their history rows are written with PostgreSQL's COPY
  (``bulk_create`` elsewhere), changed rows with ``bulk_update``, so that the data-change history sees every
  imported creation and change.
* **Validation.** ``full_clean`` runs on every row (the library skips it by default), required columns,
  duplicates within the file and against the database, and the subclass's own rules (``hydrate``).
* **Messages.** Every problem reads "第N行 第M列（列名）：原因" with N the row number in Excel.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models.base import ModelState
from django.utils import timezone
from import_export import resources
from import_export.fields import NOT_PROVIDED, Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import Error, RowResult

from entry.cells import TextWidget
from files.spreadsheets import SpreadsheetError
from orgs import scoping
from orgs.importing.bulk import create_with_history, update_with_history

logger = logging.getLogger(__name__)

PREVIEW_ROWS = 100
IMPORT_TYPE_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "新增",
    RowResult.IMPORT_TYPE_UPDATE: "更新",
    RowResult.IMPORT_TYPE_SKIP: "无变化",
    RowResult.IMPORT_TYPE_DELETE: "删除",
}


class ImportRefused(Exception):
    """A whole file refused before any row is read (wrong columns); the message is shown as it is."""


class Column(Field):
    """A spreadsheet column: its Chinese header, whether it must be filled, and what the template says."""

    def __init__(
        self,
        attribute: str | None = None,
        column_name: str | None = None,
        widget=None,
        *,
        required: bool = False,
        help_text: str = "",
        example=None,
        text_format: bool = False,
        dropdown: str | None = None,
        **kwargs,
    ) -> None:
        super().__init__(attribute=attribute, column_name=column_name, widget=widget or TextWidget(), **kwargs)
        self.required = required
        self.help_text = help_text
        self.example = example
        self.text_format = text_format
        # Dropdown values that are not the widget's own choices (e.g. "units" for the user's units).
        self.dropdown = dropdown


class DictInstanceLoader(BaseInstanceLoader):
    """Finds the existing row for an import row in the resource's prefetched dict (no query)."""

    def get_instance(self, row):
        return self.resource.find_existing(row)


class ScopedResource(resources.ModelResource):
    """Base class of the portal's resources; subclasses declare ``Column``s and implement the hooks."""

    #: Shown in the history as the reason of every imported change.
    change_reason = "Excel导入"
    #: Columns masked in the import preview (the uploader typed them, but the screen may be shared).
    masked_columns: tuple[str, ...] = ()
    #: Model fields left out of ``full_clean`` because the resource resolves them itself, beside the FKs.
    clean_exclude: tuple[str, ...] = ()
    #: Model field (as named in ``full_clean`` errors) -> resource field that carries its column.
    error_columns: dict[str, str] = {}
    #: Model fields never compared to decide whether a row changed.
    snapshot_exclude: tuple[str, ...] = ("id", "created_at", "updated_at", "name_initials")
    #: Shown as the template's title and the download name.
    title = ""
    instructions: tuple[str, ...] = ()
    _dry_run = False

    class Meta:
        use_bulk = True
        batch_size = 1000
        use_transactions = True
        skip_diff = True
        store_row_values = True
        report_skipped = True
        store_instance = True
        clean_model_instances = True
        instance_loader_class = DictInstanceLoader

    def __init__(self, user=None, **kwargs) -> None:
        super().__init__()
        self.user = user
        self.seen: dict[tuple, int] = {}

    # --- scope ------------------------------------------------------------------------------------

    @property
    def whole_county(self) -> bool:
        return scoping.sees_whole_county(self.user)

    @property
    def own_township_id(self) -> int | None:
        return scoping.township_id_of(self.user)

    def scoped(self, queryset: models.QuerySet) -> models.QuerySet:
        return scoping.scope(queryset, self.user)

    def get_queryset(self):
        return self.scoped(self._meta.model._default_manager.all())

    def filter_export(self, queryset, **kwargs):
        # The admin already passes its scoped changelist; scoping again keeps any other caller honest.
        return self.scoped(queryset)

    @property
    def history_user(self):
        user = self.user
        return user if user is not None and getattr(user, "is_authenticated", False) else None

    # --- hooks for subclasses -------------------------------------------------------------------------

    def prepare(self, dataset) -> None:
        """Build the lookup dicts for the whole file (a handful of queries, never one per row)."""

    def find_existing(self, row):
        """The existing in-scope row this import row updates, or None for a new row."""
        return None

    def hydrate(self, instance, values: dict, errors: dict, row_number: int) -> None:
        """Resolve natural keys and apply rules that span columns; add problems to ``errors``."""

    def prepare_for_save(self, instance) -> None:
        """Set what ``Model.save`` would derive (bulk writes skip ``save``); the township key is derived by
        the bulk writers themselves (``orgs.ownership.assign_townships``)."""

    def write_related(self, instances: list, *, dry_run: bool) -> None:
        """Write rows that depend on the imported ones (they have primary keys by now)."""

    def template_example_rows(self) -> list[dict]:
        return [{name: field.example for name, field in self.fields.items()}]

    def dropdown_values(self, name: str) -> list[str]:
        return []

    # --- the import machinery ---------------------------------------------------------------------

    def column_names(self) -> list[str]:
        return [field.column_name for field in self.get_import_fields()]

    def check_headers(self, headers: Iterable[str]) -> None:
        headers = [str(h or "").strip() for h in headers]
        expected = self.column_names()
        missing = [c for c in expected if c not in headers]
        extra = [c for c in headers if c not in expected]
        duplicated = sorted({c for c in headers if c and headers.count(c) > 1})
        problems = []
        if missing:
            problems.append(f"缺少列：{'、'.join(missing)}")
        if extra:
            problems.append(f"多余的列：{'、'.join(c or '（空列名）' for c in extra)}")
        if duplicated:
            problems.append(f"重复的列：{'、'.join(duplicated)}")
        if problems:
            raise ImportRefused(
                "表头与模板不一致（" + "；".join(problems) + "）。第一行应为模板中的列名，请下载最新模板填写。"
            )

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        try:
            self.check_headers(dataset.headers or [])
        except ImportRefused as exc:
            result = self.get_result_class()()
            result.total_rows = len(dataset)
            result.append_base_error(Error(exc))
            self._describe(result, dataset)
            return result
        self.seen = {}
        self._column_plan = self.column_plan()
        self.prepare(dataset)
        self._dry_run = dry_run
        return super().import_data_inner(
            dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs
        )

    def get_instance(self, instance_loader, row):
        return instance_loader.get_instance(row)

    _IMMUTABLE = (str, int, float, bool, Decimal, datetime.date, datetime.time, type(None))

    def init_instance(self, row=None):
        """A new instance, copied from one built once per import: ``Model.__init__`` (every field's default,
        every descriptor) costs as much as the checks of a whole row. Only when every default is immutable."""
        model = self._meta.model
        if "_blank_values" not in self.__dict__:
            values = {k: v for k, v in model().__dict__.items() if k != "_state"}
            self._blank_values = values if all(isinstance(v, self._IMMUTABLE) for v in values.values()) else None
        if self._blank_values is None:
            return model()
        instance = model.__new__(model)
        instance.__dict__.update(self._blank_values)
        instance._state = ModelState()
        return instance

    def snapshot(self, instance) -> tuple:
        return tuple(
            getattr(instance, f.attname) for f in instance._meta.concrete_fields if f.name not in self.snapshot_exclude
        )

    def import_row(self, row, instance_loader, **kwargs):
        """The library's ``import_row`` for what these resources use (bulk writes, no diffs, no deletes, no
        many-to-many, none of its per-row hooks), with the same ``RowResult`` (the admin's log entries read
        ``object_id``/``object_repr``): the general version's per-row bookkeeping shows in a 10,000-row sheet."""
        row_result = RowResult()
        row_result.row_values = row
        try:
            instance = self.get_instance(instance_loader, row)
            new = not instance
            if new:
                instance = self.init_instance(row)
            row_result.import_type = RowResult.IMPORT_TYPE_NEW if new else RowResult.IMPORT_TYPE_UPDATE
            errors = {}
            try:
                self.import_instance(instance, row, **kwargs)
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
            if self.skip_row(instance, None, row, errors):
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
            else:
                self.validate_instance(instance, errors)
                self.save_instance(instance, new, row, **kwargs)
            row_result.add_instance_info(instance)
            row_result.instance = instance
        except ValidationError as exc:
            row_result.import_type = RowResult.IMPORT_TYPE_INVALID
            row_result.validation_error = exc
        except Exception as exc:
            row_result.import_type = RowResult.IMPORT_TYPE_ERROR
            logger.debug(exc, exc_info=True)
            row_result.errors.append(self.get_error_result_class()(exc, row=row, number=kwargs["row_number"]))
        return row_result

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        (self.create_instances if is_create else self.update_instances).append(instance)

    def column_plan(self) -> list[tuple]:
        """Per column: field name, header, the widget's clean, default, required, model attribute (None if not
        set). Built once per import: looked up per cell, these cost as much as the checks themselves."""
        plan = []
        for name, field in self.fields.items():
            if not isinstance(field, Column):
                raise TypeError(f"{type(self).__name__}.{name}: declare import fields as Column")
            attribute = field.attribute if field.attribute and not field.readonly else None
            plan.append((name, field.column_name, field.widget.clean, field.default, field.required, attribute))
        return plan

    def import_instance(self, instance, row, **kwargs):
        instance._import_snapshot = self.snapshot(instance) if instance.pk else None
        errors: dict = {}
        values: dict = {}
        for name, column, clean, default, required, attribute in self._column_plan:
            if column not in row:
                continue
            try:
                # Field.clean without its per-cell bookkeeping (the headers were checked once per file).
                value = clean(row[column])
            except ValueError as exc:
                errors[name] = ValidationError(str(exc))
                continue
            if value is None or value == "":
                if default is not NOT_PROVIDED:
                    value = default() if callable(default) else default
                if required and (value is None or value == ""):
                    errors[name] = ValidationError("此项必填，不能为空。")
                    continue
            values[name] = value
            if attribute:
                setattr(instance, attribute, value)
        self.hydrate(instance, values, errors, kwargs.get("row_number", 0))
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        before = getattr(instance, "_import_snapshot", None)
        if before is None or getattr(instance, "_related_changed", False):
            return False
        return before == self.snapshot(instance)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        exclude = self.__dict__.get("_base_exclude")
        if exclude is None:  # the same for every row
            exclude = {f.name for f in instance._meta.concrete_fields if f.is_relation}
            exclude.update(self.clean_exclude)
            self._base_exclude = exclude
        if errors:
            exclude = set(exclude)
        for key in errors:
            field = self.fields.get(key)
            if field is not None and field.attribute:
                exclude.add(field.attribute)
            exclude.add(key)
        try:
            # Uniqueness, constraints and foreign keys were checked against the prefetched dicts:
            # their checks in full_clean would cost a query per row each.
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        if kwargs.get("dry_run", getattr(self, "_dry_run", False)):
            # A preview writes nothing (see bulk_create below): what save would derive is not needed.
            return
        self.prepare_for_save(instance)
        if instance.pk and any(f.name == "updated_at" for f in instance._meta.concrete_fields):
            instance.updated_at = timezone.now()

    def update_fields(self) -> list[str]:
        return [f.name for f in self._meta.model._meta.concrete_fields if not f.primary_key and f.name != "created_at"]

    # A preview (dry run) writes nothing: every key, uniqueness and constraint was already checked against the
    # prefetched dicts, so the library's write-then-roll-back would only double the preview's time. Should the
    # database still refuse a row at confirm (someone else changed it meanwhile), the confirm rolls back whole.

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.create_instances.clear()
        if self.create_instances:
            try:
                create_with_history(
                    self._meta.model, self.create_instances, user=self.history_user, reason=self.change_reason
                )
            except Exception as exc:  # noqa: BLE001 - django-import-export's pattern (a row error); the import view re-raises database errors
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if dry_run:
            self.update_instances.clear()
        if self.update_instances:
            try:
                update_with_history(
                    self._meta.model,
                    self.update_instances,
                    self.update_fields(),
                    user=self.history_user,
                    reason=self.change_reason,
                )
            except Exception as exc:  # noqa: BLE001 - django-import-export's pattern (a row error); the import view re-raises database errors
                self.handle_import_error(result, exc, raise_errors)
            finally:
                self.update_instances.clear()

    def after_import(self, dataset, result, **kwargs):
        if not kwargs.get("dry_run") and not result.has_errors() and not result.has_validation_errors():
            kept = (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE, RowResult.IMPORT_TYPE_SKIP)
            instances = [r.instance for r in result.rows if r.instance is not None and r.import_type in kept]
            if instances:
                self.write_related(instances, dry_run=kwargs.get("dry_run", False))
        super().after_import(dataset, result, **kwargs)
        self._describe(result, dataset)

    def remember(self, key: tuple, row_number: int, errors: dict, field: str, what: str) -> None:
        """Refuse a second row with the same natural key in one file."""
        first = self.seen.get(key)
        if first is not None:
            errors[field] = ValidationError(f"与本文件第{self._excel_row(first)}行的{what}重复。")
        else:
            self.seen[key] = row_number

    # --- messages -------------------------------------------------------------------------------------

    def _excel_row(self, number: int) -> int:
        numbers = getattr(self, "_row_numbers", None)
        if numbers and 0 < number <= len(numbers):
            return numbers[number - 1]
        return number + 1

    def column_for_key(self, key: str) -> str | None:
        key = self.error_columns.get(key, key)
        field = self.fields.get(key)
        if field is not None:
            return field.column_name
        for field in self.fields.values():
            if field.attribute == key:
                return field.column_name
        return None

    def _describe(self, result, dataset) -> None:
        """Attach Chinese messages and a preview to the result, for the import page and the tests."""
        self._row_numbers = getattr(dataset, "sheet_row_numbers", None)
        headers = [str(h or "").strip() for h in (dataset.headers or [])]
        messages = []
        for error in result.base_errors:
            if isinstance(error.error, ImportRefused | SpreadsheetError):
                messages.append(str(error.error))
            else:
                logger.error("import failed", exc_info=error.error)
                messages.append("保存时发生错误（可能有人同时修改了相同的数据），未写入任何数据，请稍后重新导入。")
        for invalid in result.invalid_rows:
            number = self._excel_row(invalid.number)
            for key, problems in invalid.error_dict.items():
                column = None if key == NON_FIELD_ERRORS else self.column_for_key(key)
                for problem in problems:
                    if column and column in headers:
                        messages.append(f"第{number}行 第{headers.index(column) + 1}列（{column}）：{problem}")
                    else:
                        messages.append(f"第{number}行：{problem}")
        for error_row in result.error_rows:
            for error in error_row.errors:
                logger.error("import row failed", exc_info=error.error)
            messages.append(f"第{self._excel_row(error_row.number)}行：无法处理该行，请检查填写内容。")
        result.messages = messages

        masked = {headers.index(c) for c in self.masked_columns if c in headers}
        preview = []
        for row_result in result.rows:
            if len(preview) >= PREVIEW_ROWS:
                break
            if row_result.import_type not in IMPORT_TYPE_LABELS:
                continue
            values = list(row_result.row_values.values()) if row_result.row_values else []
            values = [
                "********" if i in masked and v not in (None, "") else ("" if v is None else v)
                for i, v in enumerate(values)
            ]
            preview.append((IMPORT_TYPE_LABELS[row_result.import_type], values))
        result.preview_headers = headers
        result.preview = preview
        result.counts = {
            "new": result.totals[RowResult.IMPORT_TYPE_NEW],
            "update": result.totals[RowResult.IMPORT_TYPE_UPDATE],
            "skip": result.totals[RowResult.IMPORT_TYPE_SKIP],
            "invalid": result.totals[RowResult.IMPORT_TYPE_INVALID] + result.totals[RowResult.IMPORT_TYPE_ERROR],
        }

    # --- export -----------------------------------------------------------------------------------------

    def export_headers(self) -> list[str]:
        return [field.column_name for field in self.get_export_fields()]

    def export_rows(self, queryset) -> Iterable[list]:
        """Native values per row (a date stays a date), for the streamed writer."""
        getters = []
        for name, field in self.fields.items():
            if field in self.get_export_fields():
                method = getattr(self, field.get_dehydrate_method(name), None)
                getters.append((self.get_export_order().index(name), method or field.export))
        getters = [getter for _, getter in sorted(getters, key=lambda pair: pair[0])]
        for obj in self.iter_queryset(self.filter_export(queryset)):
            yield [getter(obj) for getter in getters]

    def export_queryset(self, queryset):
        """Subclasses add select_related/prefetch_related so that the export's queries do not grow."""
        return queryset
