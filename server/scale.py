"""A city of realistic size for benchmarks (`flask --app server seed-scale`): about 15,000 organizations and
300,000 people with plausible paths to membership, and the steps of their records where they reached them.

Deterministic for a seed. Rows go in with bulk inserts; people get real ID numbers (encrypted and hashed as
always), so the history import and every list behave as in production.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from server.adapters import secrets, sql
from server.domain import identity
from server.domain.eligibility import add_months
from server.models import Account, Organization, Person, RecordEntry
from server.services.auth import hash_password

PASSWORD = "Scale@2026"
SECTORS = ["rural", "community", "institution", "soe", "two_new", "university"]
SECTOR_WEIGHTS = [40, 25, 15, 8, 10, 2]
STATUS_WEIGHTS = {"member": 72, "mass_rep": 11, "applicant": 6, "activist": 5, "target": 3, "probationary": 3}
BATCH = 5000


@dataclass
class Plan:
    orgs: int = 15_000
    people: int = 300_000
    seed: int = 2013
    today: date = field(default_factory=date.today)


class ScaleCity:
    def __init__(self, db: Session, plan: Plan):
        self.db, self.plan, self.rng = db, plan, random.Random(plan.seed)
        self.org_rows: list[dict] = []
        self.branches: list[tuple[int, str]] = []
        self.person_rows: list[dict] = []
        self.entry_rows: list[dict] = []

    # --- organizations ------------------------------------------------------------------------------------

    def build_orgs(self) -> None:
        next_id = (self.db.scalar(select(func.max(Organization.id))) or 0) + 1
        counties = max(1, round(self.plan.orgs / 1250))
        committees_per_county = 24
        branches_total = self.plan.orgs - 1 - counties - counties * committees_per_county

        def add(name, level, sector, parent, approval=False):
            nonlocal next_id
            oid, next_id = next_id, next_id + 1
            path = (parent["path"] if parent else "/") + f"{oid}/"
            row = {"id": oid, "parent_id": parent["id"] if parent else None, "path": path, "name": name,
                   "level": level, "sector": sector, "staff_count": None, "has_approval_authority": approval}
            self.org_rows.append(row)
            return row

        city = add("规模测试市委组织部", "city", "institution", None, True)
        committees = []
        for c in range(counties):
            county = add(f"规模测试第{c + 1}区委组织部", "county", "institution", city, True)
            for m in range(committees_per_county):
                sector = self.rng.choices(SECTORS, SECTOR_WEIGHTS)[0]
                committees.append(add(f"第{c + 1}区第{m + 1}党委", "committee", sector, county, True))
        for b in range(branches_total):
            parent = committees[b % len(committees)]
            branch = add(f"{parent['name']}第{b // len(committees) + 1}党支部", "branch", parent["sector"], parent)
            self.branches.append((branch["id"], branch["sector"]))

    # --- people and their records -------------------------------------------------------------------------

    def _day(self, low: int, high: int) -> date:
        return self.plan.today - timedelta(days=self.rng.randint(low, high))

    def _id_card(self, index: int, birth: date, male: bool) -> str:
        region = 450000 + (index // 500) % 1000
        serial = (index % 500) * 2 + (1 if male else 0)
        first = f"{region}{birth:%Y%m%d}{serial:03d}"
        return first + identity.id_check_digit(first)

    def build_people(self) -> None:
        next_id = (self.db.scalar(select(func.max(Person.id))) or 0) + 1
        statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
        fernet = secrets.fernet()
        for index in range(self.plan.people):
            org_id, sector = self.branches[index % len(self.branches)]
            status = self.rng.choices(statuses, weights)[0]
            male = self.rng.random() < 0.55
            birth = self._day(18 * 365 + 300, 75 * 365)
            row = {"id": next_id + index, "org_id": org_id, "name": f"测试{index:06d}", "status": status,
                   "gender": "male" if male else "female", "birth_date": birth,
                   "education": self.rng.choice(["大学本科", "大学专科", "高中", "研究生", "中专"]),
                   "occupation": "一线工人" if self.rng.random() < 0.3 else "管理人员",
                   "committee_member": False, "applied_at": None, "activist_at": None, "target_at": None,
                   "probationary_at": None, "full_member_at": None, "status_since": None, "record_from": status,
                   "id_card_enc": None, "id_card_masked": None, "id_card_hash": None, "phone_enc": None,
                   "phone_masked": None, "phone_hash": None}
            if status != "mass_rep":
                card = self._id_card(index, birth, male)
                row.update(id_card_enc=fernet.encrypt(card.encode()).decode(), id_card_masked=identity.mask_id_card(card),
                           id_card_hash=secrets.keyed_hash(card, "id-card"))
            self._path(row)
            self.person_rows.append(row)
        # Every branch's first full member sits on the branch committee.
        seen = set()
        for row in self.person_rows:
            if row["status"] == "member" and row["org_id"] not in seen:
                row["committee_member"] = True
                seen.add(row["org_id"])

    def _path(self, row: dict) -> None:
        """Dates of the path so far, and for people on the way (or admitted recently) the steps of their record."""
        status, rng = row["status"], self.rng
        if status == "mass_rep":
            return
        if status == "member" and rng.random() < 0.9:  # members of long standing: entered with their status
            row["full_member_at"] = row["status_since"] = self._day(1100, 14000)
            return
        today = self.plan.today
        span = {"applicant": (30, 900), "activist": (400, 1400), "target": (800, 2000), "probationary": (1000, 2300),
                "member": (1500, 3200)}[status]
        applied = max(self._day(*span), add_months(row["birth_date"], 18 * 12 + 1))
        row["applied_at"], row["record_from"] = applied, "applicant"
        steps = [("application_talk", applied + timedelta(days=rng.randint(5, 45)))]
        if status == "applicant":
            row["status_since"] = applied
            self._entries(row, [s for s in steps if s[1] <= today and rng.random() < 0.8])
            return
        activist = add_months(applied, 6) + timedelta(days=rng.randint(0, 120))
        row["activist_at"] = activist
        steps += [("activist_selected", activist), ("activist_filed", activist + timedelta(days=10)),
                  ("contacts_assigned", activist + timedelta(days=12))]
        target = add_months(activist, 12) + timedelta(days=rng.randint(0, 150))
        steps += self._assessments("activist_assessment", activist, target if status != "activist" else today)
        if status == "activist" or target > today:
            row["status"], row["status_since"], row["record_from"] = "activist", activist, "applicant"
            self._entries(row, [s for s in steps if s[1] <= today])
            return
        row["target_at"] = target
        steps += [(k, target + timedelta(days=d)) for k, d in (("target_selected", 0), ("target_filed", 7),
                                                                ("introducers", 10), ("political_review", 40),
                                                                ("training", 30))]
        vote = target + timedelta(days=rng.randint(60, 200))
        admission = [("branch_review", vote - timedelta(days=20)), ("committee_prereview", vote - timedelta(days=12)),
                     ("application_form", vote - timedelta(days=5)), ("admission_vote", vote),
                     ("committee_talk", vote + timedelta(days=10))]
        if status == "target" or vote > today:
            row["status"], row["status_since"] = "target", target
            keep = [s for s in steps + admission[:rng.randint(0, 3)] if s[1] <= today]
            self._entries(row, [s for s in keep if rng.random() < 0.85 or s[0] == "target_selected"])
            return
        approved = vote + timedelta(days=rng.randint(20, 80))
        row["probationary_at"] = vote
        steps += admission + [("admission_approved", approved), ("admission_filed", approved + timedelta(days=15)),
                              ("grouped", approved + timedelta(days=5)), ("oath", approved + timedelta(days=20))]
        ends = add_months(vote, 12)
        steps += self._assessments("probation_assessment", vote, min(ends, today))
        if status == "probationary" or ends + timedelta(days=40) > today:
            row["status"], row["status_since"] = "probationary", vote
            if ends - timedelta(days=20) <= today:
                steps.append(("conversion_application", ends - timedelta(days=rng.randint(0, 20))))
            self._entries(row, [s for s in steps if s[1] <= today])
            return
        steps += [("conversion_application", ends - timedelta(days=10)), ("conversion_vote", ends + timedelta(days=5)),
                  ("conversion_approved", ends + timedelta(days=30)), ("archived", ends + timedelta(days=40))]
        row["status"], row["full_member_at"], row["status_since"] = "member", ends, ends
        self._entries(row, [s for s in steps if s[1] <= today])

    def _assessments(self, key: str, start: date, until: date) -> list[tuple[str, date]]:
        found, day = [], add_months(start, 6)
        while day <= until:
            found.append((key, day - timedelta(days=self.rng.randint(0, 20))))
            day = add_months(day, 6)
        return found

    def _entries(self, row: dict, steps: list[tuple[str, date]]) -> None:
        seqs: dict[str, int] = {}
        for key, done_on in steps:
            repeating = key.endswith("_assessment")
            seqs[key] = seqs.get(key, 0) + 1
            self.entry_rows.append({"person_id": row["id"], "key": key, "round": 1, "seq": seqs[key] if repeating else 0,
                                    "done_on": done_on, "fields": {}, "evidence": {}, "source": "history",
                                    "late": False, "flag": None})

    # --- writing ------------------------------------------------------------------------------------------

    def write(self, progress=print) -> dict:
        for table, rows, name in ((Organization.__table__, self.org_rows, "organizations"),
                                  (Person.__table__, self.person_rows, "people"),
                                  (RecordEntry.__table__, self.entry_rows, "record entries")):
            for start in range(0, len(rows), BATCH):
                self.db.execute(insert(table), rows[start:start + BATCH])
                progress(f"  {name}: {min(start + BATCH, len(rows)):,} / {len(rows):,}")
        self._accounts()
        self._fix_sequences()
        for model in (Organization, Person, RecordEntry, Account):
            sql.refresh_statistics(self.db, model, added=1, before=0)  # all of it is new
        return {"organizations": len(self.org_rows), "people": len(self.person_rows), "entries": len(self.entry_rows)}

    def _accounts(self) -> None:
        """The benchmarks' logins, and a secretary account for every branch (bound to its committee member), so
        the due scan has its real audience."""
        password = hash_password(PASSWORD)
        secretaries = {row["org_id"]: row["id"] for row in self.person_rows if row["committee_member"]}
        rows = [{"username": f"scale_sec_{org_id}", "password_hash": password, "role": "secretary", "org_id": org_id,
                 "person_id": person_id, "token_version": 1, "active": True} for org_id, person_id in secretaries.items()]
        for start in range(0, len(rows), BATCH):
            self.db.execute(insert(Account.__table__), rows[start:start + BATCH])
        city, county = self.org_rows[0], self.org_rows[1]
        committee = next(o for o in self.org_rows if o["level"] == "committee")
        branch = next(o for o in self.org_rows if o["level"] == "branch" and o["parent_id"] == committee["id"])
        for username, role, org in (("scale_city", "org_staff", city), ("scale_county", "org_staff", county),
                                    ("scale_committee", "org_staff", committee),
                                    ("scale_secretary", "secretary", branch)):
            if self.db.scalar(select(Account.id).where(Account.username == username)) is None:
                self.db.add(Account(username=username, password_hash=password, role=role, org_id=org["id"],
                                    token_version=1, active=True, admin=role == "org_staff"))

    def _fix_sequences(self) -> None:
        """Explicit ids were inserted: move PostgreSQL's sequences past them."""
        if self.db.get_bind().dialect.name != "postgresql":
            return
        from sqlalchemy import text

        for table in ("organizations", "people"):
            self.db.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"))


def seed(db: Session, plan: Plan, progress=print) -> dict:
    city = ScaleCity(db, plan)
    city.build_orgs()
    progress(f"组织 {len(city.org_rows):,} 个，生成人员……")
    city.build_people()
    progress(f"人员 {len(city.person_rows):,} 人，纪实环节 {len(city.entry_rows):,} 条，写入数据库……")
    return city.write(progress)
