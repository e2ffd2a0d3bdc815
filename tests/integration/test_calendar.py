"""The working-day calendar: deadlines past chinese-calendar's last year are provisional until city staff import
the year's official schedule, which recomputes them."""
import io
from datetime import UTC, date, datetime

from server import clock
from server.domain.working_days import nth_working_day_after


def at(monkeypatch, day):
    monkeypatch.setattr(clock, "timestamp", lambda: datetime(day.year, day.month, day.day, 2, tzinfo=UTC).timestamp())


def yellow(client, world):
    response = client.post("/api/v1/warnings", headers=world.headers("committee_a_staff"), json={
        "org_id": world.orgs["branch_a1"].id, "criterion": 1, "level": "yellow", "facts": "未制定年度计划",
        "responsible_persons": "支部书记"})
    assert response.status_code == 201, response.json
    return response.json


def test_a_yellow_card_of_december_is_provisional_until_the_city_imports_next_year(app, client, world, monkeypatch):
    at(monkeypatch, date(2026, 12, 18))
    card = yellow(client, world)
    assert card["calendar_fallback"] is True and card["calendar_note"]
    weekdays_only, _ = nth_working_day_after(date(2026, 12, 18), 15)
    assert card["report_due"] == weekdays_only.isoformat()
    status = client.get("/api/v1/calendar", headers=world.headers("city_staff")).json
    assert status["missing"] == [2027] and status["provisional_deadlines"] == 1 and status["can_import"] is True
    assert client.get("/api/v1/calendar", headers=world.headers("county_a_staff")).json["can_import"] is False

    schedule = {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03"], "workdays": []}
    refused = client.put("/api/v1/calendar/2027", headers=world.headers("county_a_staff"), json=schedule)
    assert refused.status_code == 403 and refused.json["error"]["code"] == "not_city_staff"
    imported = client.put("/api/v1/calendar/2027", headers=world.headers("city_staff"), json=schedule)
    assert imported.status_code == 200 and imported.json["deadlines_recomputed"] == 1
    after = client.get(f"/api/v1/warnings/{card['id']}", headers=world.headers("committee_a_staff")).json
    # New Year's Day off: the 15th working day moves one working day later, and is no longer provisional.
    assert after["calendar_fallback"] is False and after["calendar_note"] is None
    assert date.fromisoformat(after["report_due"]) > weekdays_only and after["deadline"] == after["report_due"]
    assert client.get("/api/v1/calendar", headers=world.headers("city_staff")).json["missing"] == []


def test_a_schedule_with_dates_of_another_year_or_a_day_both_off_and_on_is_refused(client, world):
    wrong = client.put("/api/v1/calendar/2027", headers=world.headers("city_staff"),
                       json={"holidays": ["2028-01-01"], "workdays": []})
    assert wrong.status_code == 422 and wrong.json["error"]["code"] == "calendar_wrong_year"
    both = client.put("/api/v1/calendar/2027", headers=world.headers("city_staff"),
                      json={"holidays": ["2027-02-07"], "workdays": ["2027-02-07"]})
    assert both.status_code == 422 and both.json["error"]["code"] == "calendar_conflict"


def test_the_schedule_imports_from_a_table_of_dates_and_休_or_班(client, world):
    good = "日期,类型\n2027-01-01,休\n2027-02-06,班\n".encode()
    response = client.post("/api/v1/calendar/2027/import", headers=world.headers("city_staff"), content_type="multipart/form-data",
                           data={"file": (io.BytesIO(good), "2027年节假日.csv")})
    assert response.status_code == 200 and (response.json["holidays"], response.json["workdays"]) == (1, 1)
    bad = "日期,类型\n2027-01-01,放一天\n".encode()
    response = client.post("/api/v1/calendar/2027/import", headers=world.headers("city_staff"), content_type="multipart/form-data",
                           data={"file": (io.BytesIO(bad), "2027.csv")})
    assert response.status_code == 422 and "第 2 行" in response.json["error"]["message"]


def test_the_provisional_deadlines_counted_are_only_those_the_caller_may_see(client, world, monkeypatch):
    at(monkeypatch, date(2026, 12, 18))
    yellow(client, world)  # in county A
    counted = {who: client.get("/api/v1/calendar", headers=world.headers(who)).json["provisional_deadlines"]
               for who in ("city_staff", "county_a_staff", "county_b_staff")}
    assert counted == {"city_staff": 1, "county_a_staff": 1, "county_b_staff": 0}


def test_a_year_out_of_range_is_a_4xx_in_chinese(client, world):
    schedule = {"holidays": ["2040-01-01"], "workdays": []}
    far = client.put("/api/v1/calendar/2040", headers=world.headers("city_staff"), json=schedule)
    assert far.status_code == 422 and far.json["error"]["message"] == "年度超出范围"
    assert client.put("/api/v1/calendar/1999", headers=world.headers("city_staff"), json=schedule).status_code == 404
    empty = client.put("/api/v1/calendar/2027", headers=world.headers("city_staff"), json={"holidays": []})
    assert empty.status_code == 422 and "holidays" in empty.json["error"]["fields"]
