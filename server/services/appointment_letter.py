"""The appointment letter (聘书) of a special organizer, printed for the person and the file."""
from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from sqlalchemy.orm import Session

from server.adapters import pdf
from server.models import Organization, Person
from server.services import appointments
from server.services.scope import Principal


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def letter_pdf(db: Session, principal: Principal, appointment_id: int) -> tuple[bytes, str]:
    """(PDF, file name): the person is appointed by the committee for the term, with the duties of seed part 四."""
    appointment = appointments.appointment_for_staff(db, principal, appointment_id, write=False)
    person = db.get(Person, appointment.person_id)
    committee = db.get(Organization, appointment.appointing_org_id)
    orgs = appointments.describe(db, appointment)["organizations"]
    buffer = io.BytesIO()
    document = pdf.document(buffer, "聘书", side_mm=25, top_mm=35, bottom_mm=25, author=committee.name)
    body = pdf.style("body", 15, 28)
    story = [pdf.text("聘　书", pdf.style("title", 30, 40, align=1)), Spacer(1, 18 * mm),
             pdf.text(f"{person.name}同志：", body), Spacer(1, 4 * mm),
             pdf.text(f"经组织推荐、本人同意和考察，兹聘请您为{committee.name}特聘组织员，聘期两年，自"
                      f"{_date(appointment.starts_on)}至{_date(appointment.ends_on)}。", body),
             pdf.text("聘期内，请您联系指导" + ("、".join(o["name"] for o in orgs) if orgs else "党组织分配的基层党组织")
                      + "的发展党员工作：列席发展党员有关会议，查阅发展党员有关文件和资料，"
                      "对发展党员工作中的问题及时提出意见建议，并向党委报告。", body),
             Spacer(1, 30 * mm),
             pdf.text(committee.name, pdf.style("sign", 15, 28, align=2)),
             pdf.text(_date(appointment.starts_on), pdf.style("date", 15, 28, align=2))]
    document.build(story)
    return buffer.getvalue(), f"{person.name}-特聘组织员聘书.pdf"
