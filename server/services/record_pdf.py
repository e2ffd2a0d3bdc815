"""The person's 纪实表 as a PDF for the paper file: who they are, and each of the 25 steps with its date, how it
was recorded, its evidence and who recorded it."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from server import clock
from server.adapters import pdf
from server.domain.record import STATE_LABELS
from server.domain.steps import STAGES
from server.domain.vocab import GENDERS, STATUSES
from server.models import Organization
from server.services import audit, records
from server.services.scope import Principal, get_person


def _evidence(step: dict) -> str:
    evidence = step["evidence"] or {}
    parts = [evidence.get("source_label", "")]
    if evidence.get("session_id"):
        parts.append("表决记录")
    fields = evidence.get("fields") or {}
    for name, label in (("talker", "谈话人"), ("conclusion", "结论"), ("days", "天数"), ("hours", "学时"),
                        ("reason", "理由"), ("note", "备注")):
        if fields.get(name):
            parts.append(f"{label}：{fields[name]}")
    if evidence.get("late"):
        parts.append("逾期办理")
    if evidence.get("flag"):
        parts.append(f"标记：{evidence['flag']}")
    return "；".join(p for p in parts if p)


def render(db: Session, principal: Principal, person_id: int) -> tuple[bytes, str]:
    person = get_person(db, principal, person_id)
    org = db.get(Organization, person.org_id)
    view = records.record_of(db, person, with_names=True).view()
    cjk = pdf.font()
    body, title = pdf.style("body", 9, 12), pdf.style("title", 16, 22, align=1)
    born = person.birth_date.strftime("%Y年%m月") if person.birth_date else "—"
    facts = [["姓名", person.name, "性别", GENDERS.get(person.gender or "", "—"), "出生年月", born],
             ["所在组织", org.name, "当前身份", STATUSES.get(person.status, person.status), "入党申请日期",
              person.applied_at.isoformat() if person.applied_at else "—"]]
    rows = [["序号", "环节", "阶段", "状态", "完成日期", "依据与说明", "记录人"]]
    for step in view["steps"]:
        rows.append([str(step["no"]), pdf.text(step["name"], body), pdf.text(STAGES[step["stage"]], body),
                     STATE_LABELS[step["state"]], step["done_on"].isoformat() if step["done_on"] else "",
                     pdf.text(_evidence(step), body), pdf.text((step["evidence"] or {}).get("recorded_by") or "", body)])
    buffer = io.BytesIO()
    doc = pdf.document(buffer, f"{person.name} 发展党员全程纪实表", side_mm=12, top_mm=14)
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), cjk), ("FONTSIZE", (0, 0), (-1, -1), 9),
                        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    facts = [[pdf.text(cell, body) for cell in row] for row in facts]
    head = Table(facts, colWidths=[20 * mm, 48 * mm, 20 * mm, 30 * mm, 24 * mm, 44 * mm], style=style)
    table = Table(rows, colWidths=[11 * mm, 34 * mm, 30 * mm, 18 * mm, 22 * mm, 58 * mm, 13 * mm], repeatRows=1,
                  style=TableStyle([*style.getCommands(), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#fde2e2"))]))
    printed = clock.today().isoformat()
    doc.build([pdf.text("发展党员全程纪实表", title), Spacer(1, 4 * mm), head, Spacer(1, 4 * mm), table, Spacer(1, 3 * mm),
               pdf.text(f"打印日期：{printed}。“系统启用前已完成”的环节以纸质档案为准。", body)])
    audit.record(db, principal, "record.printed", "person", person.id, person.org_id)
    return buffer.getvalue(), person.name
