from server.domain.capabilities import CAPABILITIES, Caller, capabilities


def test_a_bound_member_has_no_console_places():
    assert capabilities(Caller(role=None, writes=False)) == frozenset()


def test_an_organizer_has_their_own_work_and_nothing_that_runs_a_branch():
    may = capabilities(Caller(role="organizer", writes=False, level="committee"))
    assert may == {"staff", "organizer"}


def test_a_secretary_runs_meetings_and_people_but_no_department_page():
    may = capabilities(Caller(role="secretary", writes=True, level="branch"))
    assert {"runs_meetings", "convene_meetings", "edit_people"} <= may
    assert not may & {"department", "make_plans", "appoint_organizers", "accounts", "organizer"}


def test_a_branch_secretary_designated_administrator_manages_the_branchs_accounts():
    assert "accounts" in capabilities(Caller(role="secretary", writes=True, level="branch", account_admin=True))


def test_plans_and_organizers_belong_to_committees_with_approval_authority_and_above():
    without = capabilities(Caller(role="org_staff", writes=True, level="committee"))
    assert "department" in without and not without & {"make_plans", "appoint_organizers"}
    granted = capabilities(Caller(role="org_staff", writes=True, level="committee", has_approval_authority=True))
    assert {"make_plans", "appoint_organizers"} <= granted and "see_schedule" not in granted
    county = capabilities(Caller(role="org_staff", writes=True, level="county"))
    assert {"make_plans", "appoint_organizers"} <= county


def test_only_the_citys_staff_see_the_schedule():
    assert "see_schedule" in capabilities(Caller(role="org_staff", writes=True, level="city"))
    assert "see_schedule" not in capabilities(Caller(role="org_staff", writes=True, level="county"))


def test_every_capability_is_named_in_words():
    callers = [Caller(role=r, writes=w, level=lv, has_approval_authority=True, account_admin=True)
               for r in ("secretary", "org_staff", "organizer") for w in (True, False)
               for lv in ("city", "county", "committee", "branch")]
    assert set().union(*(capabilities(c) for c in callers)) == set(CAPABILITIES)
