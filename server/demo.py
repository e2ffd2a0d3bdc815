"""A demo city (南宁市) with every sector, realistic rosters and staff accounts at each level."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.demo_meetings import add_meetings
from server.domain.account_rules import ADMIN_ROLES
from server.domain.eligibility import MASS_CATEGORIES_BY_SECTOR, add_months
from server.domain.identity import id_check_digit
from server.domain.vocab import ROLES
from server.models import Account, Organization, Person
from server.services import record_history
from server.services.auth import hash_password
from server.services.people import apply_values, set_id_card, set_phone
from server.services.scope import Principal

DEMO_PASSWORD = "Demo@2026"
TARGET_STEPS = ("introducers", "political_review", "training", "branch_review", "committee_prereview",
                "application_form")
SURNAMES = ("李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
            "肖田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾韦蓝覃农陆黎莫")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬海鹏宇"
         "浩凯健俊帆晨欣怡雪梅婷琳思远嘉宁诗雨子轩浩然梓涵一诺宏建国志强春梅秋菊冬生")
OCCUPATIONS = {
    "rural": ["农民", "村干部", "个体户", "外出务工", "乡村教师"],
    "community": ["社区工作者", "退休职工", "个体户", "教师", "医生"],
    "institution": ["公务员", "事业单位人员", "专业技术人员"],
    "soe": ["工程师", "技术员", "管理人员", "一线工人"],
    "two_new": ["软件工程师", "产品经理", "销售", "行政人员"],
    "university": ["学生", "教师", "辅导员"],
}
EDUCATION_BY_SECTOR = {
    "rural": ["高中", "初中及以下", "中专", "大学专科"],
    "university": ["大学本科", "研究生"],
}


@dataclass
class BranchPlan:
    key: str
    name: str
    sector: str
    staff_count: int | None
    mass_reps: int


TREE = [
    ("qingxiu", "中共南宁市青秀区委组织部", "institution", [
        ("nanhu", "中共南宁市青秀区南湖街道工作委员会", "community",
         [BranchPlan("jinhu", "南湖街道金湖社区党支部", "community", None, 32)]),
        ("liling", "中共南宁市青秀区伶俐镇委员会", "rural",
         [BranchPlan("naliang", "伶俐镇那良村党支部", "rural", None, 35)]),
    ]),
    ("xixiangtang", "中共南宁市西乡塘区委组织部", "institution", [
        ("gaoxin", "南宁高新区非公有制经济组织和社会组织综合委员会", "two_new",
         [BranchPlan("kechuang", "广西科创信息技术有限公司党支部", "two_new", 80, 30)]),
        ("nzy", "中共南宁职业技术学院委员会", "university",
         [BranchPlan("xingong", "信息工程学院学生第一党支部", "university", None, 12)]),
    ]),
    ("shizhi", "中共南宁市直属机关工作委员会", "institution", [
        ("jiaotong", "中共南宁市交通运输局机关委员会", "institution",
         [BranchPlan("jiaotong1", "市交通运输局机关第一党支部", "institution", 60, 20)]),
        ("chengtou", "中共南宁城市建设投资集团有限责任公司委员会", "soe",
         [BranchPlan("gongcheng", "城投集团工程管理部党支部", "soe", 150, 31)]),
    ]),
]


class DemoCity:
    """Builds the tree; deterministic so every demo install looks the same."""

    def __init__(self, session: Session, today: date):
        self.session = session
        self.today = today
        self.rng = random.Random(2013)
        self.logins: list[tuple[str, str, str]] = []
        self.used_names: set[str] = set()

    def name(self) -> str:
        while True:
            surname = self.rng.choice(SURNAMES)
            given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice([1, 2, 2])))
            if surname + given not in self.used_names:
                self.used_names.add(surname + given)
                return surname + given

    def id_card(self, birth: date, gender: str) -> str:
        area = self.rng.choice(["450103", "450105", "450107", "450108", "450102", "450127"])
        seq = self.rng.randint(10, 99) * 10 + self.rng.choice([1, 3, 5, 7, 9] if gender == "male" else [0, 2, 4, 6, 8])
        first = f"{area}{birth:%Y%m%d}{seq:03d}"
        return first + id_check_digit(first)

    def org(self, name, level, sector, parent=None, staff=None, approval=False) -> Organization:
        org = Organization(name=name, level=level, sector=sector, staff_count=staff, parent_id=parent.id if parent else None,
                           has_approval_authority=approval)
        self.session.add(org)
        self.session.flush()
        org.path = f"{parent.path if parent else '/'}{org.id}/"
        return org

    def account(self, username, role, org, person=None, admin=True) -> None:
        # Each organization's first account is its account administrator (a branch's: its secretary).
        admin = admin and role in ADMIN_ROLES
        self.session.add(Account(username=username, password_hash=hash_password(DEMO_PASSWORD), role=role,
                                 org_id=org.id, person_id=person.id if person else None, token_version=1, active=True,
                                 admin=admin))
        self.logins.append((username, login_label(role, org.level, admin), org.name))

    def person(self, org, status, *, years_in_status: float = 0.0, applied_years: float | None = None,
               age: tuple[int, int] = (22, 60), committee=False) -> Person:
        gender = self.rng.choice(["male", "female"])
        birth = self.today - timedelta(days=int(365.25 * self.rng.uniform(*age)))
        since = self.today - timedelta(days=int(365.25 * years_in_status)) if years_in_status else None
        values = {"name": self.name(), "status": status, "gender": gender, "birth_date": birth,
                  "education": self.rng.choice(EDUCATION_BY_SECTOR.get(org.sector, ["大学本科", "大学专科", "研究生", "高中"])),
                  "occupation": self.rng.choice(OCCUPATIONS[org.sector]), "committee_member": committee,
                  "status_since": since}
        if applied_years is not None:
            values["applied_at"] = self.today - timedelta(days=int(365.25 * applied_years))
        person = Person(org_id=org.id, committee_member=False, record_from=status)
        apply_values(person, values)
        self.session.add(person)
        if status != "mass_rep" or self.rng.random() < 0.3:
            set_id_card(self.session, person, self.id_card(birth, gender), within=("/",))
        if self.rng.random() < 0.8:
            set_phone(person, f"1{self.rng.choice('3578')}{self.rng.randint(0, 999999999):09d}")
        self.session.flush()
        return person

    def path(self, person: Person, *, talked: bool = True, target_steps: tuple[str, ...] = ()) -> None:
        """The record of someone on the way, as the branch's paper file would give it: every step of the stages
        passed, and the listed ones of the target stage; a recent application still waits for its talk."""
        history = {"application_talk": person.applied_at + timedelta(days=14)} if talked else {}
        if person.target_at and not person.activist_at:
            person.activist_at = add_months(person.target_at, -14)
        if person.activist_at:
            start = person.activist_at
            history.update(activist_selected=start, activist_filed=start + timedelta(days=10),
                           contacts_assigned=start + timedelta(days=12))
            if add_months(start, 6) <= self.today:
                history["activist_assessment"] = add_months(start, 6)
        if person.target_at:
            start = person.target_at
            history.update(target_selected=start, target_filed=start + timedelta(days=7))
            history.update({key: start + timedelta(days=20 + 5 * i) for i, key in enumerate(target_steps)})
        person.record_from = "applicant"
        record_history.apply_history(self.session, Principal(), person,
                                     {k: v for k, v in history.items() if v <= self.today}, [])

    def branch(self, parent, plan: BranchPlan) -> Organization:
        org = self.org(plan.name, "branch", plan.sector, parent, plan.staff_count)
        young = (19, 24) if plan.sector == "university" else (22, 58)
        secretary = self.person(org, "member", years_in_status=12, applied_years=14, committee=True, age=(40, 55))
        for _ in range(4):
            self.person(org, "member", years_in_status=self.rng.uniform(3, 20), applied_years=22, committee=True,
                        age=(30, 60))
        for _ in range(18 if plan.sector != "university" else 10):
            self.person(org, "member", years_in_status=self.rng.uniform(1.5, 30), applied_years=32, age=(25, 75))
        # Probationary members: one admitted in the previous calendar year, one past a year of probation.
        last_year = (self.today - date(self.today.year - 1, 7, 1)).days / 365.25
        self.person(org, "probationary", years_in_status=last_year, applied_years=last_year + 3, age=young)
        self.person(org, "probationary", years_in_status=1.2, applied_years=4.5, age=young)
        self.person(org, "probationary", years_in_status=0.4, applied_years=3.5, age=young)
        for years in (0.2, 0.4, 0.55, 0.8, 1.1, 1.6, 2.5):  # applicants, some past the six-month mark
            self.path(self.person(org, "applicant", applied_years=years, age=young), talked=years > 0.1)
        for years in (0.5, 1.2, 1.8):
            self.path(self.person(org, "activist", years_in_status=years, applied_years=years + 0.8, age=young))
        for years, steps in ((0.3, ("introducers", "training")), (0.7, TARGET_STEPS)):
            self.path(self.person(org, "target", years_in_status=years, applied_years=years + 2.2, age=young),
                      target_steps=steps)
        categories = MASS_CATEGORIES_BY_SECTOR.get(org.sector, ())
        for n in range(plan.mass_reps):  # each category of the sector represented (seed 三(一)3)
            self.person(org, "mass_rep", age=(25, 70)).mass_category = categories[n % len(categories)] if categories else None
        self.account(f"{plan.key}_secretary", "secretary", org, person=secretary)
        if plan.key == "jinhu":  # a colleague on the branch committee whose account the secretary looks after
            colleague = self.session.scalars(select(Person).where(Person.org_id == org.id, Person.committee_member)
                                             .order_by(Person.id).offset(2).limit(1)).one()  # 0: 书记, 1: 组织员
            self.account("jinhu_weiyuan", "secretary", org, person=colleague, admin=False)
        return org

    def build(self) -> list[tuple[str, str, str]]:
        city = self.org("中共南宁市委组织部", "city", "institution", approval=True)
        self.account("city_admin", "org_staff", city)
        for county_key, county_name, county_sector, committees in TREE:
            county = self.org(county_name, "county", county_sector, city, approval=True)
            self.account(f"{county_key}_staff", "org_staff", county)
            for committee_key, committee_name, sector, branches in committees:
                committee = self.org(committee_name, "committee", sector, county, approval=True)
                self.account(f"{committee_key}_staff", "org_staff", committee)
                made = [self.branch(committee, plan) for plan in branches]
                if not any(role == "特聘组织员" for _, role, _ in self.logins):
                    self.organizer(committee, made[0])
                    self.session.flush()
                    add_meetings(self.session, self.today, made[0].id)
        return self.logins

    def organizer(self, committee: Organization, branch: Organization) -> None:
        """A special organizer appointed 200 days ago by the committee, serving its branches."""
        from server.domain.organizer_terms import term_ends_on
        from server.models import OrganizerAppointment, OrganizerAssignment

        person = self.session.scalar(select(Person).where(Person.org_id == branch.id, Person.status == "member")
                                     .order_by(Person.id).offset(1).limit(1))  # the first is the secretary
        starts = self.today - timedelta(days=200)
        appointment = OrganizerAppointment(person_id=person.id, appointing_org_id=committee.id, starts_on=starts,
                                           ends_on=term_ends_on(starts), consent_on=starts, nominating_org_id=branch.id,
                                           vetting_notes="支部推荐，本人同意，经党委考察", background="former_secretary",
                                           contact_member="党委副书记")
        self.session.add(appointment)
        self.session.flush()
        self.account("organizer_demo", "organizer", committee, person)
        self.session.flush()
        account_id = self.session.scalar(select(Account.id).where(Account.username == "organizer_demo"))
        self.session.add(OrganizerAssignment(account_id=account_id, org_id=committee.id, appointment_id=appointment.id,
                                             term_start=starts, term_end=appointment.ends_on))


STAFF_LABELS = {"city": "市委组织部", "county": "县区委组织部/市直工委", "committee": "基层党(工)委"}


def login_label(role: str, level: str, admin: bool) -> str:
    """What a demo login is, in words: the same on the run that creates the city and on every run after."""
    if role == "secretary" and not admin:
        return "支部委员"
    return STAFF_LABELS.get(level, "组织部门工作人员") if role == "org_staff" else ROLES[role]


def seed(session: Session, today: date) -> tuple[bool, list[tuple[str, str, str]]]:
    """Create the demo city unless it exists; return (created, logins)."""
    existing = session.scalar(select(Organization).where(Organization.name == "中共南宁市委组织部"))
    if existing is not None:
        rows = session.execute(select(Account.username, Account.role, Organization.level, Organization.name,
                                      Account.admin)
                               .join(Organization, Organization.id == Account.org_id).order_by(Account.id)).all()
        return False, [(username, login_label(role, level, admin), org) for username, role, level, org, admin in rows]
    logins = DemoCity(session, today).build()
    session.commit()
    return True, logins
