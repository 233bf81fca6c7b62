"""Every URL the project serves, found from the URL resolver itself, so apps added later are covered."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    pattern: str  # e.g. "admin/orgs/unit/<path:object_id>/change/"
    name: str  # "admin:orgs_unit_change"
    converters: tuple[str, ...]  # names of the path parameters

    @property
    def has_parameters(self) -> bool:
        return bool(self.converters)

    def url(self, **kwargs) -> str:
        from django.urls import reverse

        return reverse(self.name, kwargs=kwargs or None)


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            converters = tuple(entry.pattern.converters) + tuple(name for name in _resolver_converters(prefix))
            name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
            yield Route(pattern=pattern, name=name, converters=converters)


def _resolver_converters(prefix: str) -> list[str]:
    import re

    return re.findall(r"<(?:\w+:)?(\w+)>", prefix)


def all_routes() -> list[Route]:
    seen, routes = set(), []
    for route in _walk(get_resolver()):
        if route.pattern in seen:
            continue
        seen.add(route.pattern)
        routes.append(route)
    return routes


def parameterless_get_urls(*, admin: bool | None = None) -> list[str]:
    """URLs that need no object id, excluding logout (a POST) and regex catch-alls."""
    urls = []
    for route in all_routes():
        if route.has_parameters or not route.name or "^" in route.pattern or "(?P" in route.pattern:
            continue
        if route.name in ("logout", "admin:logout", "admin:jsi18n"):
            continue
        is_admin = route.name.startswith("admin:")
        if admin is not None and admin != is_admin:
            continue
        urls.append(route.url())
    return sorted(set(urls))
