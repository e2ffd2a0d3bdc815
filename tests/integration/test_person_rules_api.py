"""The person rules hold on POST and PATCH /people as they do in the roster import."""


def test_an_applicant_born_2012_who_applied_in_2020_is_refused(client, world):
    response = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={
        "org_id": world.orgs["branch_a1"].id, "name": "少年", "status": "applicant", "gender": "male",
        "birth_date": "2012-05-01", "applied_at": "2020-01-01"})
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {"applied_at": ["申请入党时应年满 18 岁"]}


def test_an_update_is_checked_as_the_record_would_stand_after_it(client, world):
    person = world.people["applicant_a1"].id
    headers = world.headers("secretary_a1")
    # An activist needs the date the status began; the application date already on record counts.
    refused = client.patch(f"/api/v1/people/{person}", headers=headers, json={"status": "activist"})
    assert refused.status_code == 422 and "status_since" in refused.json["error"]["fields"]
    early = client.patch(f"/api/v1/people/{person}", headers=headers, json={"birth_date": "2015-01-01"})
    assert early.status_code == 422 and "applied_at" in early.json["error"]["fields"]
    assert client.get(f"/api/v1/people/{person}", headers=headers).json["status"] == "applicant"


def test_a_person_without_id_card_or_phone_is_stored_and_shown_as_incomplete(client, world):
    response = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={
        "org_id": world.orgs["branch_a1"].id, "name": "待补充", "status": "applicant", "gender": "female",
        "birth_date": "1999-05-01", "applied_at": "2025-03-01"})
    assert response.status_code == 201
    assert response.json["missing"] == ["身份证号", "手机号"]
    rep = client.post("/api/v1/people", headers=world.headers("secretary_a1"), json={
        "org_id": world.orgs["branch_a1"].id, "name": "群众甲", "status": "mass_rep"})
    assert rep.status_code == 201 and rep.json["missing"] == []
