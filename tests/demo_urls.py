"""Addresses of the demo site's pages, from app.url_map: a real row of the demo data for each URL
argument (the fuzz test posts to them, the accessibility test visits them)."""
from __future__ import annotations

import sqlalchemy as sa
from werkzeug.routing import Rule

from app import clock, models
from app.wizard.steps import WIZARDS

ARGUMENT_MODELS = {
    "organization_id": models.Organization, "product_id": models.Product, "user_id": models.User,
    "event_id": models.CaseEvent, "deadline_id": models.Deadline, "rate_id": models.FeeRate,
    "term_id": models.NiceTerm, "version_id": models.FormVersion, "rule_id": models.DeadlineRule,
    "holiday_id": models.Holiday, "period_id": models.ValidityPeriod, "referral_id": models.ProductReferral,
    "token_id": models.ApiToken, "count_id": models.ManualCount, "target_id": models.PlanTarget,
    "round_id": models.CollectionRound, "contribution_id": models.Contribution, "agency_id": models.Agency,
    "notification_id": models.Notification, "office_id": models.FilingOffice,
    "indication_id": models.ProtectedIndication, "comment_id": models.CaseComment, "job_id": models.Job,
}


def demo_ids(db) -> dict[str, int]:
    """A real row for each URL argument: the highest id (the demo's last rows), the case a draft."""
    ids = {name: db.session.scalar(sa.select(sa.func.max(model.id))) or 1 for name, model in ARGUMENT_MODELS.items()}
    ids["case_id"] = db.session.scalar(sa.select(sa.func.min(models.Case.id))
                                       .where(models.Case.status == models.CaseStatus.DRAFT))
    ids["user_id"] = db.session.scalar(sa.select(models.User.id).where(models.User.email == "hokinhdoanh@demo.ocop.vn"))
    ids["year"] = clock.today().year
    ids["first"], ids["last"] = 2021, 2025  # a review over several years
    ids["digest"] = "0"  # a logo's content hash in the catalogue (a stale one redirects to the current)
    ids["token"] = db.session.scalar(sa.select(sa.func.min(models.ProductVerification.token)))
    return ids


def rule_urls(rule: Rule, ids: dict) -> list[str]:
    """The addresses a rule stands for: one per trademark wizard step, else one."""
    if "step_name" in rule.arguments:
        return [rule.rule.replace("<int:case_id>", str(ids["case_id"])).replace("<step_name>", step.name)
                for step in WIZARDS[models.CaseKind.TRADEMARK]]
    url = rule.rule.replace("<code>", "en")
    for name in rule.arguments - {"code"}:
        url = url.replace(f"<int:{name}>", str(ids[name])).replace(f"<{name}>", str(ids[name]))
    return [url]
