"""The clients' vocabulary, generated from the server's domain so the three copies can never drift.

`python -m server.client_vocab` writes h5/src/core/vocab.js and copies it, with the shared voting core
(h5/src/core/voting-core.js), into miniprogram/utils/core/. `make` runs it before building the clients; a test
checks the committed files against what this module renders now.
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from server.domain import (
    account_rules,
    accountability,
    ballots,
    eligibility,
    kinds,
    organizer_terms,
    organizer_work,
    paper,
    publicity,
    record,
    review,
    schedule,
    steps,
    vocab,
    vote_states,
    warnings,
)

ROOT = Path(__file__).resolve().parent.parent
H5_CORE = ROOT / "h5" / "src" / "core"
MP_CORE = ROOT / "miniprogram" / "utils" / "core"
SHARED = ("vocab.js", "voting-core.js")


def tables() -> dict[str, object]:
    return {
        "SESSION_KINDS": kinds.KIND_LABELS,
        "SCHEDULE_STATES": schedule.STATES,
        "STAGES": {key: stage.label for key, stage in kinds.STAGES.items()},
        "MEETING_KINDS": kinds.MEETING_KIND_LABELS,
        "MEETING_KIND_RULES": {key: {"label": kind.label, "holds_votes": kind.holds_votes, "levels": list(kind.levels)}
                               for key, kind in kinds.MEETING_KINDS.items()},
        "SESSION_STATES": vote_states.STATES,
        "VOTE_VALUES": ballots.VOTE_VALUES,
        "GRADES": ballots.GRADES,
        "GROUPS": ballots.GROUPS,
        "BRANCH_WORK_ID": ballots.BRANCH_WORK_ID,
        "STATUSES": vocab.STATUSES,
        "GENDERS": vocab.GENDERS,
        "ROLES": vocab.ROLES,
        "ROLE_LEVELS": {role: sorted(levels) for role, levels in vocab.ROLE_LEVELS.items()},
        "ADMIN_ROLES": list(account_rules.ADMIN_ROLES),
        "LEVELS": vocab.LEVELS,
        "SECTORS": vocab.SECTORS,
        "EDUCATIONS": vocab.EDUCATIONS,
        "TASK_KINDS": vocab.TASK_KINDS,
        "AUDIT_ACTIONS": vocab.AUDIT_ACTIONS,
        "SESSION_KIND_RULES": {key: {"label": kind.label, "answer_key": kind.answer_key, "scale": kind.scale,
                                     "options_word": kind.options_word}
                               for key, kind in kinds.SESSION_KINDS.items()},
        "WARNING_LEVELS": warnings.LEVELS,
        "MASS_CATEGORIES": eligibility.MASS_CATEGORY_LABELS,
        "MASS_CATEGORIES_BY_SECTOR": {k: list(v) for k, v in eligibility.MASS_CATEGORIES_BY_SECTOR.items()},
        "ACCOUNTABILITY_KINDS": {key: {"label": kind.label, "by_issuer_only": kind.by_issuer_only,
                                       "needs_measure": kind.needs_measure, "decided_by_word": kind.decided_by_word}
                                 for key, kind in accountability.KINDS.items()},
        "WARNING_LEVEL_RULES": {key: {"label": level.label, "next": level.next, "told_in_person": level.told_in_person,
                                      "written_notice": level.written_notice, "yellow_card": level.yellow_card,
                                      "deadline_required": level.deadline_required}
                                for key, level in warnings.LEVEL_RULES.items()},
        "WARNING_STATES": warnings.STATES,
        "WARNING_CRITERIA": {str(k): v for k, v in warnings.CRITERIA.items()},
        "WARNING_CRITERIA_SHORT": {str(k): v for k, v in warnings.CRITERIA_SHORT.items()},
        "WARNING_TOLD_HOW": warnings.TOLD_HOW,
        "WARNING_EVENTS": warnings.EVENT_LABELS,
        "WARNING_REPORT_PARTS": warnings.REPORT_PARTS,
        "YELLOW_REPORT_WORKING_DAYS": warnings.YELLOW_REPORT_WORKING_DAYS,
        "RECORD_STAGES": steps.STAGES,
        "HISTORY_STAGES": {status: steps.stages_through(status) for status in steps.STATUS_RANK
                           if status != "disqualified"},
        "RECORD_STEPS": [{"key": s.key, "no": s.no, "name": s.name, "stage": s.stage} for s in steps.STEPS.values()],
        "STEP_STATES": record.STATE_LABELS,
        "STEP_FIELDS": steps.FIELD_LABELS,
        "STEP_ACTORS": steps.ACTORS,
        "CONVERSION_OUTCOMES": steps.OUTCOMES,
        "EXTENSION_MONTHS": list(steps.EXTENSION_MONTHS),
        "PUBLICITY_KINDS": {key: kind.label for key, kind in publicity.KINDS.items()},
        "OBJECTION_CONCLUSIONS": publicity.CONCLUSIONS,
        "ASSESSMENT_RESULTS": organizer_terms.ASSESSMENT_RESULTS,
        "ORGANIZER_BACKGROUNDS": organizer_terms.BACKGROUNDS,
        "REPORT_KINDS": organizer_work.REPORT_KINDS,
        "ACTIVITY_KINDS": {key: kind.label for key, kind in organizer_work.ACTIVITY_KINDS.items()},
        "OBJECTION_DECISIONS": publicity.DECISIONS,
        "REVIEW_OPINIONS": review.OPINIONS,
        "REVIEW_DECISIONS": review.DECISIONS,
        "TELLER_ROLES": paper.TELLER_ROLES,
    }


def render() -> str:
    lines = ["// Generated from server/domain by `python -m server.client_vocab`: do not edit by hand.",
             "// The Chinese labels of the server's vocabularies, shared by the H5 and the mini-program."]
    for name, value in tables().items():
        lines.append(f"export const {name} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def write() -> list[Path]:
    H5_CORE.mkdir(parents=True, exist_ok=True)
    MP_CORE.mkdir(parents=True, exist_ok=True)
    (H5_CORE / "vocab.js").write_text(render(), encoding="utf-8")
    written = [H5_CORE / "vocab.js"]
    for name in SHARED:
        shutil.copyfile(H5_CORE / name, MP_CORE / name)
        written.append(MP_CORE / name)
    return written


if __name__ == "__main__":
    for path in write():
        print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
