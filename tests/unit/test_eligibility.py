

def test_mass_representatives_carry_a_category_of_their_sector_and_the_missing_ones_are_named():
    from server.domain.eligibility import mass_category_problem, mass_composition

    assert mass_category_problem("rural", "mass_rep", "deputy") is None
    assert "现任村（居）委会成员" in mass_category_problem("rural", "mass_rep", "skilled")
    assert mass_category_problem("rural", "member", "deputy") == "只有群众代表有代表类别"
    assert mass_category_problem("university", "mass_rep", "staff").endswith("无")
    found = mass_composition("soe", ["manager", "manager", "skilled", None, "deputy"])
    assert [(p["label"], p["count"]) for p in found["parts"]] == [
        ("中层以上管理人员", 2), ("生产班（组）长或内设部门主要负责人", 0), ("职工代表", 0), ("技术能手", 1)]
    assert found["missing"] == ["生产班（组）长或内设部门主要负责人", "职工代表"] and found["unmarked"] == 2
