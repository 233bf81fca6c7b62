"""The world the URL walk tests share: the demo county with files, a sample row of every model per township,
the targets to walk, and the detectors (full 身份证号, other townships' names, changed tables).

Each walk module loads the world once (a module-scoped fixture), so the walks can run on two workers."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection, models, transaction
from django.test import Client

from orgs import scoping
from tests.security.urlwalk import Route, all_routes

ROLES = ("anonymous", "town01", "town02", "county", "leader")
LOGIN_PATHS = ("/accounts/login/", "/admin/login/")
# Pages anybody may read: the 使用说明 (workbench.help), which hold no personal data (demo county screenshots).
PUBLIC_PATHS = ("/help/",)
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cf"
    "c0f01f0005000201e2f1a0a70000000049454e44ae426082"
)
# Routes whose object the URL alone does not name, mapped by hand: {route name: "app_label.Model"}.
ROUTE_MODELS: dict[str, str] = {
    "orgs:transfer_detail": "orgs.TransferRequest",
    # Not demo_sites' Attachment, which the guess from "attachments/<pk>/" would find first.
    "training:attachment_download": "training.EventAttachment",
    "training:attachment_delete": "training.EventAttachment",
    "appraisal:attachment_download": "appraisal.AssessmentAttachment",
    "appraisal:attachment_delete": "appraisal.AssessmentAttachment",
    "appraisal:auto_score": "appraisal.TaskList",
}
# Routes that take no object and cannot be walked with a GET (need a body or a special parameter).
SKIP_ROUTES = {"logout", "admin:logout", "admin:view_on_site"}
# Tables a GET may legitimately write (sessions, audit trail, login throttling, the report figures cache).
VOLATILE_TABLES = ("django_session", "audit_auditevent", "axes_", "django_admin_log", "fulian_cache")


@dataclass
class World:
    users: dict[str, User | None]
    township_of: dict[str, int | None]
    # model -> {township id: sample row}, and model -> a sample row for models nobody owns
    owned: dict[type, dict[int, models.Model]] = field(default_factory=dict)
    shared: dict[type, models.Model] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def _federation_models():
    for label in settings.FEDERATION_APPS:
        if apps.is_installed(label):
            yield from (m for m in apps.get_app_config(label).get_models() if not m.__name__.startswith("Historical"))


def _add_files(world: World, townships: list[int]) -> None:
    """The demo county has no uploaded files: give every file-holding model one row per township."""
    for model in _federation_models():
        file_fields = [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields or not scoping.is_township_owned(model):
            continue
        parent_fields = [
            f
            for f in model._meta.concrete_fields
            if f.is_relation and f.name != "township" and not f.null and scoping.is_township_owned(f.related_model)
        ]
        if not parent_fields:
            world.notes.append(f"{model._meta.label}: no parent to attach a file to")
            continue
        parent_field = parent_fields[0]
        for township_id in townships:
            parent = parent_field.related_model._default_manager.filter(township_id=township_id).order_by("pk").first()
            if parent is None:
                continue
            values = {parent_field.name: parent}
            for f in model._meta.concrete_fields:
                if f in file_fields or f.primary_key or f.is_relation or f.has_default() or f.null or f.blank:
                    continue
                if isinstance(f, models.CharField | models.TextField):
                    values[f.name] = "材料.png"
                elif isinstance(f, models.IntegerField):
                    values[f.name] = 1
            row = model(**values)
            for f in file_fields:
                getattr(row, f.name).save("材料.png", ContentFile(PNG), save=False)
            try:
                with transaction.atomic():
                    row.save()
            except Exception as exc:  # noqa: BLE001 - a model this generic filler cannot satisfy: say so, walk the rest
                world.notes.append(f"{model._meta.label}: {exc}")


def loaded_world(django_db_blocker):
    """The demo county (every app's loader), loaded for one module and rolled back after it (the ``world``
    fixture of tests/security/conftest.py)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("load_demo", force=True, stdout=StringIO())
            users = {role: (None if role == "anonymous" else User.objects.get(username=role)) for role in ROLES}
            township_of = {role: (scoping.township_id_of(u) if u else None) for role, u in users.items()}
            result = World(users=users, township_of=township_of)
            townships = [township_of["town01"], township_of["town02"]]
            assert all(townships) and townships[0] != townships[1]
            _add_files(result, townships)
            for model in _federation_models():
                manager = model._default_manager
                if scoping.is_township_owned(model):
                    samples = {}
                    for township_id in townships:
                        row = manager.filter(township_id=township_id).order_by("-pk").first()
                        if row is not None:
                            samples[township_id] = row
                    result.owned[model] = samples
                else:
                    row = manager.order_by("pk").first()
                    if row is not None:
                        result.shared[model] = row
            for model in (User, *[m for m in admin.site._registry if m not in result.owned and m not in result.shared]):
                row = model._default_manager.order_by("pk").first()
                if row is not None:
                    result.shared[model] = row
            yield result
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- which object a route takes -------------------------------------------------------------------------


def _admin_model(route: Route):
    if not route.name.startswith("admin:"):
        return None
    name = route.name.split(":", 1)[1]
    for model in admin.site._registry:
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix):
            return model
    return None


def _portal_model(route: Route):
    if route.name in ROUTE_MODELS:
        return apps.get_model(ROUTE_MODELS[route.name])
    namespace = route.name.split(":", 1)[0] if ":" in route.name else ""
    segments = route.pattern.strip("/").split("/")
    for index, segment in enumerate(segments):
        if segment.startswith("<") and index > 0:
            word = segments[index - 1].replace("-", "")
            candidates = [word, word.rstrip("s"), word[:-1], word[:-2] if word.endswith("es") else word]
            labels = [namespace] + [label for label in settings.FEDERATION_APPS if label != namespace]
            for label in labels:
                if not apps.is_installed(label):
                    continue
                for candidate in candidates:
                    try:
                        return apps.get_model(label, candidate)
                    except LookupError:
                        continue
    return None


def _url_for(route: Route, obj) -> str | None:
    """The concrete URL of ``route`` for ``obj`` (None when the route takes something else)."""
    params = set(route.converters)
    if route.name.endswith("_simple_history") or ("^" in route.pattern and "history" in route.pattern):
        return None  # walked separately through _history_version_url
    if params == {"object_id"}:
        return route.url(object_id=obj.pk)
    if params == {"pk"}:
        return route.url(pk=obj.pk)
    if params == {"id"}:
        return route.url(id=obj.pk)
    return None


def _history_version_url(model, obj) -> str | None:
    history = getattr(model, "history", None)
    if history is None or not hasattr(history, "filter"):
        return None
    version = history.filter(**{model._meta.pk.attname: obj.pk}).order_by("-history_id").first()
    if version is None:
        return None
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/history/{version.history_id}/"


@dataclass
class Target:
    url: str
    model: type | None = None
    owner: int | None = None  # township of the row the URL is about; None for shared rows and lists
    kind: str = "page"  # page | object | changelist


def _targets(world: World) -> tuple[list[Target], list[str]]:
    targets: list[Target] = []
    unmapped: list[str] = []
    for route in all_routes():
        if route.name in SKIP_ROUTES or not route.name:
            continue
        if not route.has_parameters and "^" not in route.pattern and "(?P" not in route.pattern:
            kind = "changelist" if route.name.endswith("_changelist") else "page"
            targets.append(Target(route.url(), _admin_model(route), None, kind))
        elif route.name == "admin:app_list" or "(?P<url>" in route.pattern:
            continue
        elif route.name.endswith("_import_template"):
            targets.append(Target(route.url(index=0), _admin_model(route)))
        else:
            found = _object_targets(world, route)
            if found is None:
                unmapped.append(route.name)
            targets += found or []
    return targets, unmapped


def _object_targets(world: World, route) -> list[Target] | None:
    """The URLs of a route about one row: one per township's sample row (or the shared row); None when the
    walk cannot tell the route's model although it takes only an object id."""
    model = _admin_model(route) or _portal_model(route)
    if route.name.endswith("_simple_history"):
        urls = (
            (township, _history_version_url(model, obj)) for township, obj in (world.owned.get(model) or {}).items()
        )
        return [Target(url, model, township, "object") for township, url in urls if url]
    if model is None:
        # slugs and other parameters are found by following links
        return None if set(route.converters) <= {"pk", "object_id", "id"} else []
    samples = world.owned.get(model)
    if samples is None:
        samples = {None: world.shared[model]} if model in world.shared else {}
    urls = ((township, _url_for(route, obj)) for township, obj in samples.items())
    return [Target(url, model, township, "object") for township, url in urls if url]


# --- what a response may contain --------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "action") and value and value.startswith("/") and not value.startswith("/static/"):
                self.hrefs.add(value.split("#", 1)[0])


def _text_of(response) -> str:
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if "spreadsheetml" in content_type:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if "wordprocessingml" in content_type:
        import docx

        return "\n".join(p.text for p in docx.Document(io.BytesIO(body)).paragraphs)
    if content_type.startswith(("text/", "application/json")):
        return body.decode("utf-8", errors="replace")
    return ""


_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def _full_id_numbers(text: str) -> list[str]:
    """身份证号 of recorded cadres in ``text`` (none of the walking roles may see one unmasked; a template's
    made-up example number is not a cadre's)."""
    from orgs import idnumbers
    from orgs.models import Cadre

    found = _ID_NUMBER.findall(text)
    if not found:
        return []
    hashes = {idnumbers.lookup_hash(number): number for number in found}
    return list(Cadre.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", flat=True))


def _html_of(response) -> str:
    if response.status_code != 200 or getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", errors="replace")


# Labels that name no township data even when the row belongs to a township.
NOT_TOWNSHIP_DATA: tuple[str, ...] = ()


def _foreign_names(world: World, own: int, other: int) -> dict[str, str]:
    """Names of the other township's sample rows that no row of one's own township (or shared) carries."""
    own_names = set()
    for model, samples in world.owned.items():
        if own in samples:
            own_names |= {str(row) for row in model._default_manager.filter(township_id=own)[:2000]}
    names = {}
    for model, samples in world.owned.items():
        row = samples.get(other)
        if row is None or model._meta.label in NOT_TOWNSHIP_DATA:
            continue
        name = str(row)
        if len(name) >= 4 and not any(name in mine or mine in name for mine in own_names if len(mine) >= 4):
            names[name] = model._meta.label
    return names


def _data_fingerprint() -> dict[str, str]:
    digests = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table.startswith(VOLATILE_TABLES):
                continue
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            digest = hashlib.sha256()
            for row in cursor.fetchall():
                digest.update(repr(row).encode())
            digests[table] = digest.hexdigest()
    return digests


def _changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


class _FormReader(HTMLParser):
    """The first POST form of a page, as the browser would submit it unchanged."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._in_form = self._done = False
        self._select: str | None = None
        self._select_value: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self._done:
            return
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self.data.setdefault(name, []).append(a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select, self._select_value = name, None
        elif tag == "option" and self._select is not None:
            if "selected" in a or self._select_value is None:
                self._select_value = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            if self._select_value is not None:
                self.data.setdefault(self._select, []).append(self._select_value)
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def _form_of(html: str) -> dict[str, list[str]]:
    reader = _FormReader()
    reader.feed(html)
    return reader.data


# --- the walk -----------------------------------------------------------------------------------------------


def _client(world: World, role: str) -> Client:
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and urlsplit(response["Location"]).path in LOGIN_PATHS
