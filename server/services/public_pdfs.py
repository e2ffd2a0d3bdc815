"""The papers that go to the public: a publicity's A4 notice for the notice board (with the QR of its page), and
the 征求意见函 a department receives (with the QR of its reply link)."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table
from sqlalchemy.orm import Session

from server.adapters import pdf, secrets
from server.domain import publicity as publicity_rules
from server.domain.errors import NotFound
from server.models import Organization, Person, ReviewDepartment
from server.services import audit, publicities, reviews
from server.services.scope import Principal


def _document(buffer, title: str) -> SimpleDocTemplate:
    return pdf.document(buffer, title, side_mm=20, top_mm=20)


def publicity_notice(db: Session, principal: Principal, publicity_id: int) -> tuple[bytes, str]:
    row, token = publicities.notice_data(db, principal, publicity_id)
    content = row.content
    title_style, body = pdf.style("title", 20, 30, align=1), pdf.style("body", 12, 20)
    small = pdf.style("small", 10, 15)
    facts = [["姓名", content["name"], "性别", content["gender"]],
             ["出生年月", content["birth"], "学历", content["education"]],
             ["工作单位或职业", content["occupation"], "所在党组织", content["org_name"]]]
    facts += [[stage["label"], stage["date"], "", ""] for stage in content["stages"]]
    if content.get("training"):
        facts.append(["集中培训", content["training"], "", ""])
    table = Table([[pdf.text(cell, small) for cell in line] for line in facts], colWidths=[32 * mm, 53 * mm, 30 * mm, 55 * mm],
                  style=pdf.table_style(("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")))
    story = [pdf.text(content["kind_label"], title_style), Spacer(1, 6 * mm),
             pdf.text(f"根据发展党员工作有关规定，现将{content['name']}同志的有关情况予以公示。", body), Spacer(1, 4 * mm),
             table, Spacer(1, 4 * mm)]
    if content.get("work_record"):
        story += [pdf.text("主要表现和工作实绩：", body), pdf.text(content["work_record"], body), Spacer(1, 4 * mm)]
    story += [pdf.text(f"公示时间：{row.starts_on:%Y年%m月%d日}至{row.ends_on:%Y年%m月%d日}（不少于 "
                       f"{publicity_rules.MIN_DAYS} 天）。公示期间，如有意见或问题反映，请扫描下方二维码提交（可匿名，可留下联系方式），"
                       "或向党组织当面、书面反映。", body), Spacer(1, 4 * mm),
              pdf.qr(publicities.public_url(token), 40), pdf.text("扫码查看公示、提交意见", small), Spacer(1, 8 * mm),
              pdf.text(content["org_name"], pdf.style("sign", 12, 20, align=2)),
              pdf.text(f"{row.starts_on:%Y年%m月%d日}", pdf.style("date", 12, 20, align=2))]
    buffer = io.BytesIO()
    _document(buffer, content["kind_label"]).build(story)
    audit.record(db, principal, "publicity.printed", "person", row.person_id, row.org_id)
    return buffer.getvalue(), f"{content['name']}{content['kind_label']}"


def review_letter(db: Session, principal: Principal, review_id: int, department_id: int) -> tuple[bytes, str]:
    review = reviews.get_review(db, principal, review_id)
    department = db.get(ReviewDepartment, department_id) if isinstance(department_id, int) else None
    if department is None or department.review_id != review.id:
        raise NotFound("找不到该部门", code="department_not_found")
    person = db.get(Person, review.person_id)
    org = db.get(Organization, review.org_id)
    committee = db.get(Organization, org.parent_id) if org.parent_id else org
    title_style, body = pdf.style("title", 20, 30, align=1), pdf.style("body", 12, 21)
    birth = person.birth_date.strftime("%Y年%m月") if person.birth_date else "（未登记）"
    story = [pdf.text("征求意见函", title_style), Spacer(1, 8 * mm), pdf.text(f"{department.name}：", body), Spacer(1, 2 * mm),
             pdf.text(f"根据发展党员工作有关规定，{org.name}拟将{person.name}同志（{birth}出生，"
                      f"居住地：{person.residence or '（未登记）'}）列为预备党员接收对象。现征求贵单位意见，"
                      f"请于 {department.expires_on:%Y年%m月%d日} 前反馈是否有不同意见。", body), Spacer(1, 4 * mm)]
    if department.token_enc and department.state == "pending":
        story += [pdf.text("扫描下方二维码即可在手机上答复（无需注册，链接仅可使用一次）：", body), Spacer(1, 2 * mm),
                  pdf.qr(reviews.reply_url(secrets.decrypt(department.token_enc)), 40), Spacer(1, 4 * mm)]
    story += [pdf.text("也可加盖公章后书面回复本党委。", body), Spacer(1, 12 * mm),
              pdf.text(committee.name, pdf.style("sign", 12, 20, align=2)),
              pdf.text(f"{review.requested_on:%Y年%m月%d日}", pdf.style("date", 12, 20, align=2))]
    buffer = io.BytesIO()
    _document(buffer, "征求意见函").build(story)
    audit.record(db, principal, "review.letter_printed", "person", review.person_id, review.org_id,
                 department=department.name)
    return buffer.getvalue(), f"征求意见函-{department.name}-{person.name}"
