"""SQLAlchemy tables, one module per area; importing this package registers them all."""
from server.models.accounts import Account, BindCode, WebTicket, WechatBinding  # noqa: F401
from server.models.audit import AuditEntry  # noqa: F401
from server.models.calendar import CalendarDay, CalendarYear  # noqa: F401
from server.models.notices import Delivery, Notice, NoticeRecipient, SubscribeGrant  # noqa: F401
from server.models.organizer_work import (  # noqa: F401
    FollowUpEvent,
    MeetingInvitation,
    OrganizerActivity,
    OrganizerRecommendation,
    OrganizerReport,
)
from server.models.organizers import OrganizerAppointment, OrganizerAssessment, OrganizerAssignment  # noqa: F401
from server.models.orgs import Organization  # noqa: F401
from server.models.outbox import OutboxEvent  # noqa: F401
from server.models.paper import PaperGroup, PaperTally, Teller  # noqa: F401
from server.models.people import Person  # noqa: F401
from server.models.plans import AnnualPlan, QuarterlyReport, WarningProposal  # noqa: F401
from server.models.publicity import Objection, Publicity, Review, ReviewDepartment  # noqa: F401
from server.models.record import DueStep, RecordDocument, RecordEntry  # noqa: F401
from server.models.schedule import MeetingReminder, ScheduledRun  # noqa: F401
from server.models.sealing import TellerKey  # noqa: F401
from server.models.voting import (  # noqa: F401
    AbsenteeOpinion,
    AttendanceExclusion,
    Ballot,
    CodeBatch,
    ElectorateEntry,
    FollowUp,
    Meeting,
    Participation,
    SessionOption,
    VoteSession,
    VotingCode,
)
from server.models.warnings import ControlWarning, Task, WarningAccountability, WarningEvent  # noqa: F401
