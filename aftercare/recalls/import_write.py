"""Writing imported campaign groups: upsert campaigns, sync their coverage, match what changed."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from aftercare.recalls import matching, rules
from aftercare.recalls.models import RecallCampaign, RecallCoverage

TEXT_FIELDS = ("manufacturer", "manufacturer_number", "component", "summary", "consequence", "remedy", "notes")
CAMPAIGN_FIELDS = (*TEXT_FIELDS, "report_date", "potentially_affected")
COMPONENT_MAX = 300
CoverageSig = tuple[str, str, int | None, int | None, dt.date | None, dt.date | None]


@dataclass
class ImportReport:
    """What an import did, with the rows it could not use by file and line."""

    files: list[str] = field(default_factory=list)
    rows_read: int = 0
    skipped_not_vehicle: int = 0
    campaigns_created: int = 0
    campaigns_updated: int = 0
    campaigns_unchanged: int = 0
    coverage_added: int = 0
    coverage_removed: int = 0
    matched: int = 0
    rejected: list[tuple[str, int, str]] = field(default_factory=list)
    warnings: list[tuple[str, int, str]] = field(default_factory=list)

    def lines(self, limit: int = 20) -> list[str]:
        """A summary, then the first rejected rows and warnings with file and line."""
        out = [
            f"{', '.join(self.files) or '-'}: read {self.rows_read} rows; campaigns created {self.campaigns_created}, "
            f"updated {self.campaigns_updated}, unchanged {self.campaigns_unchanged}; coverage rows added "
            f"{self.coverage_added}, removed {self.coverage_removed}; skipped {self.skipped_not_vehicle} "
            f"equipment/tyre/child-seat rows; rejected {len(self.rejected)}; warnings {len(self.warnings)}; "
            f"new vehicle matches {self.matched}"
        ]
        for title, items in (("rejected", self.rejected), ("warning", self.warnings)):
            out += [f"  {title}: {name} line {line}: {why}" for name, line, why in items[:limit]]
            if len(items) > limit:
                out.append(f"  … and {len(items) - limit} more {title} rows")
        return out


@dataclass
class Group:
    """The consecutive rows of one campaign: its text and the coverage they add up to."""

    number: str
    source: str
    kind: str
    text: dict[str, str] = field(default_factory=dict)
    components: list[str] = field(default_factory=list)
    summary_rank: int = 99
    years: dict[tuple[str, str, dt.date | None, dt.date | None], set[int | None]] = field(
        default_factory=lambda: defaultdict(set)
    )

    def add(self, make: str, model: str, year: int | None, built_from: dt.date | None, built_to: dt.date | None,
            text: dict[str, str], rank: int) -> None:  # fmt: skip
        self.years[(make.upper(), model.upper(), built_from, built_to)].add(year)
        component = text.get("component", "")
        if component and component not in self.components:
            self.components.append(component)
        summary = text.get("summary", "")
        if summary and (rank, -len(summary)) < (self.summary_rank, -len(self.text.get("summary", ""))):
            self.text["summary"], self.summary_rank = summary, rank
        for key, value in text.items():
            if key not in ("summary", "component") and value and not self.text.get(key):
                self.text[key] = value

    def values(self) -> dict[str, object]:
        """Campaign field values; empty ones are left out so they never blank what is stored."""
        out: dict[str, object] = {k: self.text[k] for k in TEXT_FIELDS if self.text.get(k)}
        if self.components:
            out["component"] = "; ".join(self.components)[:COMPONENT_MAX]
        out["manufacturer"] = str(out.get("manufacturer", ""))[:200]
        out["manufacturer_number"] = str(out.get("manufacturer_number", ""))[:40]
        report = self.text.get("report_date", "")
        if report:
            with contextlib.suppress(ValueError):
                out["report_date"] = dt.datetime.strptime(report[:8], "%Y%m%d").date()
        affected = self.text.get("potentially_affected", "")
        if affected.isdigit():
            out["potentially_affected"] = int(affected)
        return {k: v for k, v in out.items() if v not in ("", None)}

    def coverage(self) -> dict[CoverageSig, tuple[str, str]]:
        """Coverage signatures (make, model, years, production range) with the published make and model."""
        out: dict[CoverageSig, tuple[str, str]] = {}
        for (make, model, built_from, built_to), years in self.years.items():
            known = sorted(y for y in years if y is not None)
            spans: list[tuple[int | None, int | None]] = list(rules.year_ranges(known))
            if None in years:
                spans = [(None, None)]  # year unknown (9999): the campaign names the model in every year
            for lo, hi in spans:
                out[(make, model, lo, hi, built_from, built_to)] = (make, model)
        return out


def _sig(row: RecallCoverage) -> CoverageSig:
    return (row.make.upper(), row.model.upper(), row.year_from, row.year_to, row.built_from, row.built_to)


def _campaigns_upsert(groups: list[Group], report: ImportReport) -> tuple[dict[str, RecallCampaign], set[int]]:
    existing = RecallCampaign.objects.in_bulk([g.number for g in groups], field_name="number")
    created, updated = [], []
    for group in groups:
        values = group.values()
        campaign = existing.get(group.number)
        if campaign is None:
            values.setdefault("summary", "")
            campaign = RecallCampaign(number=group.number, source=group.source, kind=group.kind, **values)
            created.append(campaign)
            existing[group.number] = campaign
        elif any(getattr(campaign, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(campaign, key, value)
            updated.append(campaign)
        else:
            report.campaigns_unchanged += 1
    RecallCampaign.objects.bulk_create(created)
    RecallCampaign.objects.bulk_update(updated, fields=[*CAMPAIGN_FIELDS, "updated_at"])
    report.campaigns_created += len(created)
    report.campaigns_updated += len(updated)
    return existing, {c.pk for c in created}


def batch_write(
    groups: list[Group], seen: set[str], aliases: dict[str, str], report: ImportReport, *, match: bool
) -> None:
    """Write one batch in one transaction. A campaign's first group in a run replaces its coverage;
    a later group of the same campaign (the file was not sorted) only adds to it."""
    if not groups:
        return
    with transaction.atomic():
        campaigns, changed = _campaigns_upsert(groups, report)
        ids = [campaigns[g.number].pk for g in groups]
        stored: dict[int, dict[CoverageSig, int]] = defaultdict(dict)
        for row in RecallCoverage.objects.filter(campaign_id__in=ids):
            stored[row.campaign_id][_sig(row)] = row.pk
        to_add: list[RecallCoverage] = []
        to_remove: list[int] = []
        for group in groups:
            campaign = campaigns[group.number]
            wanted, have = group.coverage(), stored[campaign.pk]
            for sig, (make, model) in wanted.items():
                if sig not in have:
                    to_add.append(_coverage(campaign, sig, make, model, aliases))
                    changed.add(campaign.pk)
            if group.number not in seen:
                gone = [pk for sig, pk in have.items() if sig not in wanted]
                to_remove += gone
                changed.update([campaign.pk] if gone else [])
            seen.add(group.number)
        RecallCoverage.objects.filter(pk__in=to_remove).delete()
        RecallCoverage.objects.bulk_create(to_add)
        report.coverage_added += len(to_add)
        report.coverage_removed += len(to_remove)
    if match and changed:
        report.matched += matching.campaigns_match(campaign_ids=sorted(changed), fill_keys=False).matched


def _coverage(campaign: RecallCampaign, sig: CoverageSig, make: str, model: str,
              aliases: dict[str, str]) -> RecallCoverage:  # fmt: skip
    _m, _o, year_from, year_to, built_from, built_to = sig
    return RecallCoverage(
        campaign=campaign,
        make=make[:100],
        model=model[:256],
        make_key=rules.make_key(make, aliases),
        model_key=rules.model_key(model),
        year_from=year_from,
        year_to=year_to,
        built_from=built_from,
        built_to=built_to,
    )
