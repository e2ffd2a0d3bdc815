"""The papers of a paper ballot: the ballots to print (no serial numbers, nothing that tells one from another) and
the result sheet (票决结果单) for the file."""
from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, SimpleDocTemplate, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from server import clock, settings
from server.adapters import pdf
from server.domain import vote_states
from server.domain.ballots import GRADES, GROUPS, VOTE_VALUES
from server.domain.e2e.sealing import sealing as sealing_of
from server.domain.errors import RuleViolation
from server.domain.kinds import STAGES, session_kind
from server.domain.paper import TELLER_ROLES
from server.models import Meeting, Organization, Teller, VoteSession
from server.services import audit, boards
from server.services.meetings import get_vote_session, options_of
from server.services.scope import Principal

MAX_COPIES = 500
def _grid():
    return pdf.table_style(("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6))


def _document(buffer, title: str) -> SimpleDocTemplate:
    return pdf.document(buffer, title, side_mm=18, top_mm=15)


def _heading(vote: VoteSession) -> str:
    kind = session_kind(vote.kind)
    return f"{kind.label}（{STAGES[vote.stage].label}）" if vote.stage else kind.label


def _ballot(vote: VoteSession, meeting: Meeting, group: str, names: list[str]) -> list:
    """One ballot: the same for every copy — no number, no mark that could tell who cast it."""
    kind, cell = session_kind(vote.kind), pdf.style("cell", 11, 16)
    story = [pdf.text(f"{_heading(vote)}表决票", pdf.style("title", 16, 24, align=1)),
             pdf.text(f"{meeting.title}　{vote.title}　{clock.china_date(meeting.starts_at):%Y年%m月%d日}　"
                      f"（{GROUPS[group]}）", pdf.style("sub", 10, 15, align=1)), Spacer(1, 3 * mm)]
    if kind.key == "recommendation":
        how = f"在同意推荐的人选后的方框内画“√”，最多推荐 {vote.max_choices} 人；多于此数的为废票。"
        rows = [["候选人", "同意推荐"]] + [[name, "□"] for name in names]
        widths = [120 * mm, 54 * mm]
    else:
        values = VOTE_VALUES if kind.key == "stage_vote" else GRADES
        how = f"每一{kind.options_word}只在一个方框内画“√”；不画或多画的，该票为废票。"
        rows = [[kind.options_word] + list(values.values())] + [[name] + ["□"] * len(values) for name in names]
        widths = [174 * mm - len(values) * 28 * mm] + [28 * mm] * len(values)
    table = Table([[pdf.text(c, cell) for c in row] for row in rows], colWidths=widths, style=_grid(), repeatRows=1)
    return story + [pdf.text(how, pdf.style("how", 10, 15)), Spacer(1, 2 * mm), table,
                    pdf.text("不记名投票，请勿在选票上署名或做任何记号。", pdf.style("note", 9, 14)), Spacer(1, 8 * mm)]


def paper_ballots(db: Session, principal: Principal, vote_id: int, group: str, copies: int) -> tuple[bytes, str]:
    vote = get_vote_session(db, principal, vote_id, write=True)
    kind = session_kind(vote.kind)
    if group not in kind.groups:
        raise RuleViolation(f"{kind.label}没有{GROUPS.get(group, group)}组", fields={"group": ["组别无效"]})
    if not 1 <= copies <= MAX_COPIES:
        raise RuleViolation(f"一次打印 1 到 {MAX_COPIES} 张", fields={"copies": ["超出范围"]})
    meeting = db.get(Meeting, vote.meeting_id)
    names = [o.name for o in options_of(db, vote)]
    story = []
    for _ in range(copies):
        story += [CondPageBreak(120 * mm), *_ballot(vote, meeting, group, names)]
    buffer = io.BytesIO()
    _document(buffer, f"{vote.title}表决票").build(story)
    audit.record(db, principal, "paper.ballots_printed", "vote_session", vote.id, vote.org_id, group=group, copies=copies)
    return buffer.getvalue(), f"{vote.title}-{GROUPS[group]}表决票"


def _outcome_rows(kind_key: str, result: dict) -> list[list[str]]:
    if kind_key == "recommendation":
        return [["候选人", "党员推荐票", "党员推荐率", "群众推荐票", "群众推荐率", "结果"]] + [
            [c["name"], str(c["member_votes"]), _pct(c["member_rate"]), str(c["mass_votes"]), _pct(c["mass_rate"]),
             "符合条件" if c["qualifies"] else "不符合条件"] for c in result["candidates"]]
    if kind_key == "stage_vote":
        return [["候选人", "赞成", "反对", "弃权", "结果"]] + [
            [c["name"], str(c["yes"]), str(c["no"]), str(c["abstain"]), "通过" if c["passed"] else "未通过"]
            for c in result["candidates"]]
    return [["评议对象", *GRADES.values(), "满意度", "结果"]] + [
        [s["name"], *(str(s["counts"][g]) for g in GRADES), "—" if s["score"] is None else f"{s['score']:.2f}",
         "低于 80 分" if s["below_threshold"] else ("无评议票" if s["score"] is None else "达标")]
        for s in result["subjects"]]


def _pct(rate) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def result_sheet(db: Session, principal: Principal, vote_id: int) -> tuple[bytes, str]:
    """票决结果单: after publishing, for the people's files."""
    vote = get_vote_session(db, principal, vote_id)
    vote_states.require(vote.state, vote_states.PUBLISHED, "结果公布后才能打印结果单", "result_not_published")
    meeting, org = db.get(Meeting, vote.meeting_id), db.get(Organization, vote.org_id)
    result, kind = vote.result, session_kind(vote.kind)
    cell, body = pdf.style("cell", 10, 15), pdf.style("body", 11, 18)
    tellers = {t.role: t.name for t in db.scalars(select(Teller).where(Teller.session_id == vote.id))}
    present = sum(c["phone"] + c["paper"] for c in result["channels"].values())
    channel_lines = [f"{GROUPS[g]}：手机 {c['phone']} 票，纸质 {c['paper']} 票（其中废票 {c['spoiled']} 张）"
                     for g, c in result["channels"].items()]
    facts = [["组织", org.name], ["会议", f"{meeting.title}（{clock.china_date(meeting.starts_at):%Y年%m月%d日}）"],
             ["表决", f"{vote.title}　{_heading(vote)}"],
             ["应到会有表决权党员", str(vote.should_attend)], ["实到（收回选票）", str(present)],
             ["计票方式", "；".join(channel_lines)],
             ["书面意见（计入票数，不计入到会）",
              str(result.get("absentee", result.get("groups", {}).get("member", {}).get("absentee", 0)))],
             ["计票人", tellers.get("counter", "—")], ["监票人", tellers.get("monitor", "—")],
             ["公布时间", f"{clock.china_time(vote.published_at):%Y年%m月%d日 %H:%M}"]]
    if sealing_of(vote.sealing).counted_by_tellers:  # anyone can check this result from its public board (docs/verification.md)
        content = boards.board(db, vote.e2e_uid)
        facts += [["公开记录（端到端可验证）", f"{settings.current().public_base_url}/h5/board/{vote.e2e_uid}"],
                  ["公开记录哈希（SHA-256）", content["board_hash"]]]
    outcome = _outcome_rows(kind.key, result)
    story = [pdf.text("票决结果单", pdf.style("title", 18, 28, align=1)), Spacer(1, 4 * mm),
             Table([[pdf.text(a, cell), pdf.text(b, cell)] for a, b in facts], colWidths=[40 * mm, 134 * mm], style=_grid()),
             Spacer(1, 5 * mm), pdf.text("表决结果", body),
             Table([[pdf.text(c, cell) for c in row] for row in outcome], style=_grid(), repeatRows=1), Spacer(1, 10 * mm),
             Table([[pdf.text(f"{TELLER_ROLES['counter']}（签字）：", body), "",
                     pdf.text(f"{TELLER_ROLES['monitor']}（签字）：", body), "", pdf.text("会议主持人（签字）：", body), ""]],
                   colWidths=[30 * mm, 28 * mm, 30 * mm, 28 * mm, 34 * mm, 24 * mm], style=pdf.table_style())]
    buffer = io.BytesIO()
    _document(buffer, "票决结果单").build(story)
    audit.record(db, principal, "session.result_sheet_printed", "vote_session", vote.id, vote.org_id)
    return buffer.getvalue(), f"{vote.title}-票决结果单"
