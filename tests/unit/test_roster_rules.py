from datetime import date, datetime

from server.domain import roster

TODAY = date(2026, 11, 27)


def record(**kw):
    base = {"姓名": "张三", "身份": "正式党员", "身份证号": "450103198503120018", "入党申请日期": "2005-04-01",
            "当前身份起始日期": "2008-06-30"}
    base.update(kw)
    return base


def test_a_valid_row_is_parsed_with_birth_and_gender_from_the_id_card():
    rows, errors = roster.parse_rows([record()], TODAY)
    assert errors == []
    assert rows[0].status == "member"
    assert rows[0].birth_date == date(1985, 3, 12)
    assert rows[0].gender == "male"


def test_errors_name_the_spreadsheet_row_and_column():
    rows, errors = roster.parse_rows([record(), record(身份="党员", 身份证号="450103198503120013")], TODAY)
    assert rows and len(rows) == 1
    cells = {(e.row, e.column) for e in errors}
    assert (3, "身份") in cells and (3, "身份证号") in cells


def test_duplicate_id_numbers_in_one_file_point_at_the_first_row():
    _, errors = roster.parse_rows([record(), record(姓名="李四")], TODAY)
    assert [e.as_dict() for e in errors] == [{"row": 3, "column": "身份证号", "message": "与第 2 行的身份证号重复"}]


def test_applicants_need_an_application_date_and_activists_a_status_date():
    _, errors = roster.parse_rows([
        record(身份="入党申请人", 入党申请日期="", 当前身份起始日期=""),
        record(身份="入党积极分子", 身份证号="450103199511230027", 入党申请日期="2020-01-01", 当前身份起始日期=""),
    ], TODAY)
    assert {(e.row, e.column) for e in errors} == {(2, "入党申请日期"), (3, "当前身份起始日期")}


def test_mass_representatives_need_no_id_number():
    rows, errors = roster.parse_rows([{"姓名": "王五", "身份": "群众代表"}], TODAY)
    assert errors == [] and rows[0].status == "mass_rep"


def test_dates_in_the_future_and_bad_formats_are_refused():
    _, errors = roster.parse_rows([record(入党申请日期="2030-01-01", 当前身份起始日期="2030-02-01"),
                                   record(身份证号="", 身份="群众代表", 出生日期="三月")], TODAY)
    assert {(e.row, e.column, e.message) for e in errors} == {
        (2, "入党申请日期", "日期不能晚于今天"), (2, "当前身份起始日期", "日期不能晚于今天"),
        (3, "出生日期", "日期格式应为 YYYY-MM-DD")}


def test_spreadsheet_dates_and_chinese_written_dates_are_accepted():
    assert roster.parse_date(datetime(2024, 3, 1, 0, 0)) == date(2024, 3, 1)
    assert roster.parse_date("2024年3月1日") == date(2024, 3, 1)
    assert roster.parse_date("2024/3/1") == date(2024, 3, 1)


def test_gender_contradicting_the_id_card_is_an_error():
    _, errors = roster.parse_rows([record(性别="女")], TODAY)
    assert [(e.column, e.message) for e in errors] == [("性别", "性别与身份证号不一致")]


def test_headers_must_include_name_and_status_and_nothing_unknown():
    errors = roster.check_headers(["姓名", "籍贯"])
    assert {(e.column, e.message) for e in errors} == {("身份", "缺少必需的列"), ("籍贯", "无法识别的列，请使用模板中的列名")}


def test_control_characters_are_dropped_from_cells_and_file_names():
    assert roster.cell_text("张\x00三\n") == "张三"
    assert roster.clean_filename("名\x00册.xlsx") == "名册.xlsx"
