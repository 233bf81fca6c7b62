"""Request bodies and files the 示范点 tests send."""

from __future__ import annotations

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from editing.stale import state_fingerprint

PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def png(name: str = "阵地照片.png", content: bytes = PNG_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def criteria_of(application):
    return list(application.criteria_set.criteria.order_by("order", "pk"))


def self_assessment_post(application, score="9", evidence="台账齐全，照片已上传") -> dict:
    # As the form just opened would carry it: the fingerprint of the application as it is now.
    application.refresh_from_db()
    data = {
        "summary": "班子健全，阵地落实。",
        "contact": "李秀英 13800000000",
        "_state_fingerprint": state_fingerprint(application),
    }
    for criterion in criteria_of(application):
        data[f"evidence_{criterion.pk}"] = evidence
        data[f"score_{criterion.pk}"] = score
    return data


def acceptance_post(application, *, score="9", decision="accepted", scores: dict | None = None, **extra) -> dict:
    today = timezone.localdate().isoformat()
    data = {
        "inspected_on": today,
        "inspectors": "县妇联 王秀英、陈丽萍",
        "methods": ["by_site_visit", "by_document_review"],
        "decision": decision,
        "rectifications": "",
        "reasons": "",
        "override_reason": "",
        "designation_level": "",
        "certificate_number": "",
        "designated_on": today,
    }
    for n, criterion in enumerate(criteria_of(application)):
        data[f"score_{criterion.pk}"] = (scores or {}).get(n, score)
        data[f"comment_{criterion.pk}"] = "材料齐全"
    data.update(extra)
    return data


def service_scores(application, score="9") -> dict:
    return {c.pk: (score, "") for c in criteria_of(application)}
