"""The bundled template files (data/templates/*.json): checked, then loaded as new template versions.

A file's (code, version) is loaded once. Changing a loaded file without raising its version is refused, so an
old inspection always keeps the exact item set it was done with. Used by the data migration (historical
models) and by `aftercare inspections templates` (live models).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEMPLATE_DIR = Path(__file__).parent / "data" / "templates"
VERDICT_TEXT = ("plain", "attention", "urgent")
LIMITS = {"name_zh": 60, "name_en": 80, "plain_zh": 200, "plain_en": 300, "attention_zh": 300, "attention_en": 400}
LIMITS |= {"urgent_zh": 300, "urgent_en": 400, "code": 16}


class CatalogError(ValueError):
    """A template file that cannot be loaded as it stands."""


@dataclass(frozen=True)
class LoadReport:
    code: str
    version: int
    created: bool
    items: int


def bundled_files() -> list[Path]:
    return sorted(TEMPLATE_DIR.glob("*.json"))


def read(path: Path) -> tuple[dict[str, Any], str]:
    """Parse and check one file; returns the data and its checksum."""
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{path.name}: not valid UTF-8 JSON ({exc})") from exc
    _check(path.name, data)
    return data, hashlib.sha256(raw).hexdigest()


def _check(name: str, data: dict[str, Any]) -> None:
    for key in ("code", "version", "kind", "name_zh", "name_en", "sections"):
        if key not in data:
            raise CatalogError(f"{name}: missing '{key}'")
    seen: set[str] = set()
    for section in data["sections"]:
        for item in section["items"]:
            code = item.get("code", "")
            if code in seen:
                raise CatalogError(f"{name}: item code {code} appears twice")
            seen.add(code)
            for field, limit in LIMITS.items():
                value = item.get(field, "")
                if not isinstance(value, str) or not value.strip():
                    raise CatalogError(f"{name}: item {code} has no {field}")
                if len(value) > limit:
                    raise CatalogError(f"{name}: item {code} {field} is longer than {limit} characters")
    expected = data.get("expected_counts")
    if expected:
        counts = {s["code"]: len(s["items"]) for s in data["sections"]}
        if counts != expected:
            raise CatalogError(f"{name}: section item counts {counts} differ from expected {expected}")


def load(data: dict[str, Any], checksum: str, source: str, *, models: Any) -> LoadReport:
    """Create one template version from checked data (no-op when that version is already loaded unchanged)."""
    template_model, section_model, item_model = models
    existing = template_model.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None:
        if existing.checksum != checksum:
            raise CatalogError(
                f"{source}: {data['code']} v{data['version']} is already loaded with different content; "
                "raise 'version' to publish a change"
            )
        return LoadReport(data["code"], data["version"], False, existing.items.count())
    newest = template_model.objects.filter(code=data["code"]).order_by("-version").first()
    is_current = newest is None or newest.version < data["version"]
    if is_current:
        template_model.objects.filter(code=data["code"], is_current=True).update(is_current=False)
    template = template_model.objects.create(
        code=data["code"],
        version=data["version"],
        kind=data["kind"],
        name_zh=data["name_zh"],
        name_en=data["name_en"],
        description_zh=data.get("description_zh", ""),
        description_en=data.get("description_en", ""),
        is_current=is_current,
        source_file=source,
        checksum=checksum,
    )
    position = 0
    for s_pos, raw_section in enumerate(data["sections"], start=1):
        section = section_model.objects.create(
            template=template,
            code=raw_section["code"],
            position=s_pos,
            name_zh=raw_section["name_zh"],
            name_en=raw_section["name_en"],
        )
        rows = []
        for raw in raw_section["items"]:
            position += 1
            rows.append(
                item_model(
                    template=template,
                    section=section,
                    code=raw["code"],
                    position=position,
                    name_zh=raw["name_zh"],
                    name_en=raw["name_en"],
                    plain_zh=raw["plain_zh"],
                    plain_en=raw["plain_en"],
                    attention_zh=raw["attention_zh"],
                    attention_en=raw["attention_en"],
                    urgent_zh=raw["urgent_zh"],
                    urgent_en=raw["urgent_en"],
                    source=raw.get("source", ""),
                    structural=bool(raw.get("structural", False)),
                    match=raw.get("match") or {},
                )
            )
        item_model.objects.bulk_create(rows)
    return LoadReport(template.code, template.version, True, position)


def load_all(*, models: Any, files: list[Path] | None = None) -> list[LoadReport]:
    """Load every bundled file (lowest version first, so the highest becomes current)."""
    parsed = [(path, *read(path)) for path in (files if files is not None else bundled_files())]
    parsed.sort(key=lambda p: (p[1]["code"], p[1]["version"]))
    return [load(data, checksum, path.name, models=models) for path, data, checksum in parsed]
