"""预警通知书: the numbered written notice of a 函告督办 or 黄牌警告 (seed 二(二)2: 立即发出预警通知书，限期整改),
as an A4 PDF for the target organization to download and file."""
from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.adapters import pdf
from server.domain import warnings as rules
from server.domain.errors import Conflict
from server.models import ControlWarning, Organization
from server.services import audit, warnings
from server.services.scope import Principal


def number_of(db: Session, warning: ControlWarning) -> str:
    """〔year〕N: the issuer's N-th written warning of the year, counted in the order they were issued."""
    n = db.scalar(select(func.count()).select_from(ControlWarning).where(
        ControlWarning.issuer_org_id == warning.issuer_org_id, ControlWarning.level.in_(rules.WRITTEN_NOTICE_LEVELS),
        func.extract("year", ControlWarning.issued_on) == warning.issued_on.year, ControlWarning.id <= warning.id))
    return f"预警〔{warning.issued_on.year}〕{n}号"


def render(db: Session, principal: Principal, warning_id: int) -> tuple[bytes, str]:
    warning = warnings.get_warning(db, principal, warning_id)
    level = rules.level_of(warning.level)
    if not level.written_notice:
        raise Conflict("口头告知没有书面预警通知书", code="no_written_notice")
    target, issuer = db.get(Organization, warning.org_id), db.get(Organization, warning.issuer_org_id)
    number = number_of(db, warning)
    title_style, body = pdf.style("title", 20, 30, align=1), pdf.style("body", 12, 21)
    story = [pdf.text("调控预警通知书", title_style), pdf.text(number, pdf.style("number", 12, 20, align=1)), Spacer(1, 8 * mm),
             pdf.text(f"{target.name}：", body), Spacer(1, 2 * mm),
             pdf.text(f"经研判，你单位存在“{rules.CRITERIA[warning.criterion]}”的情形，现予以{rules.LEVELS[warning.level]}。", body),
             pdf.text(f"具体情况：{warning.facts}", body)]
    if warning.deadline:
        story.append(pdf.text(f"请于 {warning.deadline:%Y年%m月%d日} 前完成整改，并将整改情况报送{issuer.name}。", body))
    if level.yellow_card:
        story += [pdf.text(f"请于 {warning.report_due:%Y年%m月%d日} 前（接到黄牌警告后十五个工作日内）作出书面检讨，说明问题原因，"
                           "提出解决问题的具体措施和工作方案，上报预警单位。你单位取消 "
                           f"{warning.award_ineligible_year} 年度评先评优资格，原则上也不能参与先锋模范系列评选。", body)]
        if warning.calendar_fallback:
            story.append(pdf.text("（该年度尚无官方节假日安排，工作日暂按周一至周五计算，以官方安排公布后为准。）", body))
    story += [Spacer(1, 14 * mm), pdf.text(issuer.name, pdf.style("sign", 12, 20, align=2)),
              pdf.text(f"{warning.issued_on:%Y年%m月%d日}", pdf.style("date", 12, 20, align=2))]
    buffer = io.BytesIO()
    pdf.document(buffer, "调控预警通知书", side_mm=20, top_mm=20).build(story)
    audit.record(db, principal, "warning.notice_printed", "warning", warning.id, warning.org_id, number=number)
    return buffer.getvalue(), f"调控预警通知书-{number}-{target.name}"
