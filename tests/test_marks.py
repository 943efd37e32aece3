"""The mark pre-check: absolute grounds, the register of earlier marks (import, lookup), marks of
other cases, /marks/check and the JSON contract of /marks/check.json, with who may see what."""
import io

import sqlalchemy as sa

from app.marks.normalize import words
from app.marks.relative import lookup_keys
from app.marks.services import check
from app.models import CaseStatus, CaseStep, EarlierMark, EarlierMarkKey, ProtectedIndication, Role
from tests.conftest import text_of

FINDING_KEYS = {"kind", "term", "number", "classes", "scores", "risk_score", "risk", "risk_title", "reason",
                "ground", "ground_confirmed", "advice", "owner", "status"}


def _kinds(findings):
    return {(f.kind, f.term) for f in findings}


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _import(client, data: bytes, name="export.csv", source="IPLib"):
    return client.post("/marks/register", data={"file": (io.BytesIO(data), name), "source": source},
                       content_type="multipart/form-data")


# --- Absolute grounds ---------------------------------------------------------------------------

def test_a_protected_indication_and_a_place_name_are_found(make_user):
    user = make_user(Role.CONSULTANT)
    findings = check("Nước mắm Phú Quốc Phong Điền", [30], user)
    gi = next(f for f in findings if f.kind == "gi")
    assert (gi.term, gi.risk) == ("Phú Quốc", "high")
    assert "chỉ dẫn địa lý" in gi.ground and "Điều 74" in gi.ground
    assert ("place", "Phong Điền") in _kinds(findings)
    assert ("place", "Phú Quốc") not in _kinds(findings)  # said once, as the indication
    assert findings[0].risk == "high"  # most serious first


def test_a_protected_indication_for_other_goods_is_a_medium_risk(make_user):
    findings = check("Champagne", [25], make_user(Role.CONSULTANT))
    assert [(f.kind, f.risk) for f in findings if f.kind == "gi"] == [("gi", "medium")]


def test_an_indication_an_admin_deactivated_is_not_found(db, make_user):
    db.session.execute(sa.update(ProtectedIndication).where(ProtectedIndication.name == "Cognac").values(active=False))
    assert not [f for f in check("Cognac Vàng", [33], make_user(Role.CONSULTANT)) if f.kind == "gi"]


def test_descriptive_words_alone_are_not_distinctive(make_user):
    user = make_user(Role.CONSULTANT)
    findings = check("Gạo ngon đặc sản", [30], user)
    assert [f.risk for f in findings if f.kind == "not_distinctive"] == ["high"]
    descriptive = next(f for f in findings if f.kind == "descriptive")
    assert (descriptive.term, descriptive.risk) == ("gạo ngon đặc sản", "low")
    # with a distinctive word the same words are only a low risk
    assert {f.kind for f in check("Gạo ngon Út Hiền", [30], user)} == {"descriptive"}


def test_nice_terms_of_the_chosen_class_are_generic(make_user):
    user = make_user(Role.CONSULTANT)
    descriptive = [f.term for f in check("Nước mắm Út Hiền", [30], user) if f.kind == "descriptive"]
    assert descriptive == ["nước mắm"]


def test_national_names_and_country_names(make_user):
    user = make_user(Role.CONSULTANT)
    findings = check("Cờ đỏ sao vàng Thái Lan", [30], user)
    assert ("national", "Cờ đỏ sao vàng") in _kinds(findings)
    assert next(f for f in findings if f.kind == "national").risk == "high"
    assert ("country", "Thái Lan") in _kinds(findings)


def test_a_plain_distinctive_sign_has_no_findings(make_user):
    assert check("Út Hiền", [30], make_user(Role.CONSULTANT)) == []


# --- The register of earlier marks --------------------------------------------------------------

REGISTER = _csv(
    "Danh sách nhãn hiệu tra cứu từ IPLib",
    "STT,Số đơn,Nhãn hiệu,Chủ đơn,Nhóm,Trạng thái,Ngày nộp đơn",
    "1,4-2020-00001,TRUNG NGUYÊN,Công ty Trung Nguyên,\"30, 43\",Cấp bằng,12/03/2020",
    "2,4-2021-00002,Vang Sơn,Hộ kinh doanh Vang Sơn,30,Đang thẩm định,2021-05-01",
    "3,4-2022-00003,Hoa Mai,Công ty Hoa Mai,25,Cấp bằng,",
)


def test_import_then_check_finds_alike_marks_with_scores(db, login_as):
    client, user = login_as(Role.CONSULTANT)
    response = _import(client, REGISTER)
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(EarlierMark.id))) == 3
    findings = check("Giang Sơn", [30], user)
    found = next(f for f in findings if f.kind == "earlier_mark")
    assert (found.term, found.number, found.classes, found.owner) == ("Vang Sơn", "4-2021-00002", [30],
                                                                      "Hộ kinh doanh Vang Sơn")
    assert found.scores.sound == 100 and found.scores.goods == 100 and found.risk == "high"
    related = next(f for f in check("Cà phê Chung Nguyên", [29], user) if f.kind == "earlier_mark")
    assert related.term == "TRUNG NGUYÊN" and related.scores.goods == 80


def test_reimport_updates_by_number(db, login_as):
    client, _user = login_as(Role.CONSULTANT)
    _import(client, REGISTER)
    response = _import(client, _csv("Số đơn,Nhãn hiệu,Nhóm", "4-2022-00003,Hoa Mai Vàng,\"25,26\""))
    assert response.status_code == 302
    marks = db.session.scalars(sa.select(EarlierMark).order_by(EarlierMark.number)).all()
    assert len(marks) == 3 and (marks[2].mark_text, marks[2].nice_classes) == ("Hoa Mai Vàng", "25,26")
    keys = set(db.session.scalars(sa.select(EarlierMarkKey.key).where(EarlierMarkKey.mark_id == marks[2].id)))
    assert keys == lookup_keys(words("Hoa Mai Vàng"))  # the old keys are gone


def test_import_is_all_or_nothing_with_each_rows_error(db, login_as):
    client, _user = login_as(Role.CONSULTANT)
    bad = _csv("Số đơn,Nhãn hiệu,Nhóm,Ngày nộp đơn",
               "4-2023-00001,Sen Vàng,30,01/02/2023",
               ",Không số,30,",
               "4-2023-00003,Sai nhóm,46,",
               "4-2023-00004,Sai ngày,30,31/02/2023",
               "4-2023-00001,Trùng số,30,")
    response = _import(client, bad)
    assert response.status_code == 400
    page = text_of(response)
    assert "Không có dòng nào được nhập" in page
    assert "Dòng 3: thiếu số" in page
    assert "Dòng 4: nhóm Nice là số từ 1 đến 45" in page
    assert "Dòng 5: “31/02/2023” không phải là ngày (dd/mm/yyyy)" in page
    assert "Dòng 6: số 4-2023-00001 trùng với dòng 2" in page
    assert db.session.scalar(sa.select(sa.func.count(EarlierMark.id))) == 0


def test_import_refuses_a_file_without_the_columns_and_a_missing_file(login_as):
    client, _user = login_as(Role.CONSULTANT)
    response = _import(client, _csv("Tên,Địa chỉ", "A,B"))
    assert response.status_code == 400
    assert "Không tìm thấy dòng tiêu đề có số đơn và nhãn hiệu" in text_of(response)
    response = client.post("/marks/register", data={"source": "IPLib"}, content_type="multipart/form-data")
    assert response.status_code == 400 and "Hãy chọn tệp cần nhập" in text_of(response)


def test_only_consultants_and_admins_import_or_check_any_sign(login_as):
    for role, expected in ((Role.PRODUCER, 403), (Role.OFFICE, 403), (Role.CONSULTANT, 200), (Role.ADMIN, 200)):
        client, _user = login_as(role)
        assert client.get("/marks/register").status_code == expected
        assert client.get("/marks/check").status_code == expected


def test_lookup_keys_are_indexed_and_used(db, login_as):
    client, _user = login_as(Role.CONSULTANT)
    _import(client, REGISTER)
    plan = " ".join(str(row) for row in db.session.execute(sa.text(
        "EXPLAIN QUERY PLAN SELECT mark_id FROM earlier_mark_keys WHERE key IN ('s:zan', 's:xơn') GROUP BY mark_id")))
    assert "USING" in plan and "INDEX" in plan.upper() and "SCAN earlier_mark_keys" not in plan


# --- Marks of other cases in this system --------------------------------------------------------

def _case_with_mark(db, make_case, organization, wording, status, **fields):
    case = make_case(organization, status=status, **fields)
    db.session.add(CaseStep(case=case, name="mark", data={"wording": [wording]}))
    db.session.add(CaseStep(case=case, name="goods", data={"free_terms-0-nice_class": ["30"],
                                                           "free_terms-0-term": ["Nước mắm"]}))
    db.session.commit()
    return case


def test_other_organizations_filed_marks_count_but_never_their_drafts(db, make_case, make_organization, make_user):
    other = make_organization(name="Hợp tác xã Giang Sơn")
    _case_with_mark(db, make_case, other, "Giang Sơn", CaseStatus.FILED, application_number="4-2026-00010")
    _case_with_mark(db, make_case, other, "Vạn Lộc", CaseStatus.DRAFT)
    producer = make_user(Role.PRODUCER)
    findings = [f for f in check("Vang Sơn", [30], producer) + check("Dạn Lộc", [30], producer)
                if f.kind == "system_mark"]
    assert [(f.term, f.number, f.owner) for f in findings] == [("Giang Sơn", "4-2026-00010", None)]
    staff = [f for f in check("Vang Sơn", [30], make_user(Role.CONSULTANT)) if f.kind == "system_mark"]
    assert [f.owner for f in staff] == ["Hợp tác xã Giang Sơn"]


def test_a_producers_own_marks_are_not_earlier_rights_against_it(db, make_case, make_user):
    producer = make_user(Role.PRODUCER)
    _case_with_mark(db, make_case, producer.organization, "Giang Sơn", CaseStatus.GRANTED)
    assert not [f for f in check("Giang Sơn", [30], producer) if f.kind == "system_mark"]


# --- Pages and the JSON contract ----------------------------------------------------------------

def test_check_page_lists_findings_with_scores_explained(login_as):
    client, _user = login_as(Role.CONSULTANT)
    _import(client, REGISTER)
    page = text_of(client.get("/marks/check", query_string={"text": "Giang Sơn", "classes": "30"}))
    assert page.count("không phải ý kiến pháp lý") == 1
    assert "Vang Sơn · Số 4-2021-00002 · nhóm 30" in page
    assert "Chính tả: 82/100 Âm đọc: 100/100 Hàng hóa: 100/100" in page
    assert "“Giang Sơn” là địa danh" in page  # the sign is also a commune's name
    assert page.index("Mức rủi ro: cao") < page.index("Mức rủi ro: trung bình")


def test_check_page_refuses_bad_classes_next_to_the_field(login_as):
    client, _user = login_as(Role.CONSULTANT)
    response = client.get("/marks/check", query_string={"text": "Út Hiền", "classes": "29, 99"})
    assert response.status_code == 400
    assert "Ghi các nhóm Nice là số từ 1 đến 45" in text_of(response)
    response = client.get("/marks/check", query_string={"text": "", "classes": "30"})
    assert response.status_code == 400 and "Vui lòng điền mục này." in text_of(response)


def test_json_contract(login_as):
    client, _user = login_as(Role.PRODUCER)
    response = client.get("/marks/check.json", query_string={"text": "Mật ong Mèo Vạc", "classes": "30"})
    assert response.status_code == 200 and response.is_json
    body = response.get_json()
    assert set(body) == {"findings", "disclaimer"}
    assert all(set(f) == FINDING_KEYS for f in body["findings"])
    gi = next(f for f in body["findings"] if f["kind"] == "gi")
    assert (gi["term"], gi["risk"], gi["classes"]) == ("Mèo Vạc", "high", [30])


def test_json_earlier_mark_has_scores_by_aspect(login_as):
    staff, _user = login_as(Role.CONSULTANT)
    _import(staff, REGISTER)
    client, _producer = login_as(Role.PRODUCER)
    body = client.get("/marks/check.json", query_string={"text": "Giang Sơn", "classes": "30"}).get_json()
    found = next(f for f in body["findings"] if f["kind"] == "earlier_mark")
    assert found["number"] == "4-2021-00002" and found["classes"] == [30]
    assert set(found["scores"]) == {"spelling", "sound", "image", "goods"} and found["scores"]["sound"] == 100


def test_json_refuses_bad_input_and_hides_others_files(app, login_as, make_case, make_organization, client):
    producer_client, _user = login_as(Role.PRODUCER)
    cases = [({"text": ""}, "text"), ({"text": "A", "classes": "0"}, "classes"), ({"text": "A" * 501}, "text"),
             ({"text": "A", "case": "x"}, "case"), ({"text": "A", "image": "1e3"}, "image")]
    for query, field in cases:
        response = producer_client.get("/marks/check.json", query_string=query)
        assert response.status_code == 400 and field in response.get_json()["errors"], query
    others = make_case(make_organization())
    assert producer_client.get("/marks/check.json", query_string={"text": "A", "case": others.id}).status_code == 404
    assert producer_client.get("/marks/check.json", query_string={"text": "A", "image": 999999}).status_code == 404
    assert client.get("/marks/check.json", query_string={"text": "A"}).status_code in (302, 401)


# --- Logos ------------------------------------------------------------------------------------

def _logo(path, size=(600, 400), fill=(200, 30, 30), shape="ellipse", crop=0):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (600, 400), "white")
    draw = ImageDraw.Draw(image)
    if shape == "ellipse":
        draw.ellipse((100, 50, 400, 350), fill=fill)
        draw.rectangle((380, 150, 560, 250), fill=(30, 30, 160))
    else:
        draw.polygon([(300, 20), (580, 380), (20, 380)], fill=fill)
        draw.rectangle((50, 50, 150, 120), fill=(20, 150, 20))
    if crop:
        image = image.crop((crop, crop, 600 - crop, 400 - crop))
    image.resize(size).save(path)
    return path


def test_a_logo_resized_recoloured_or_cropped_scores_high_and_another_low(tmp_path):
    from app.marks.images import fingerprint, image_score

    original = fingerprint(_logo(tmp_path / "a.png"), "a")
    copies = {"resized": _logo(tmp_path / "b.png", size=(300, 200)),
              "recoloured": _logo(tmp_path / "c.png", fill=(30, 160, 30)),
              "cropped": _logo(tmp_path / "d.png", crop=20)}
    for name, path in copies.items():
        assert image_score(original, fingerprint(path, name)) >= 85, name
    assert image_score(original, fingerprint(_logo(tmp_path / "e.png", shape="triangle"), "e")) < 55


def test_a_filed_case_with_a_similar_logo_is_found_and_others_logos_stay_hidden(db, login_as, tmp_path):
    from app.models import Case, StoredFile
    from tests.wizard_helpers import MARK, post_step, start_trademark

    rival, _rival_user = login_as(Role.PRODUCER)
    rival_case = start_trademark(rival)
    logo = _logo(tmp_path / "rival.png", size=(1200, 800)).read_bytes()
    post_step(rival, rival_case, "mark", {**MARK, "wording": "Sóng Biếc"}, files={"mark_image": (logo, "l.png")})
    db.session.execute(sa.update(Case).where(Case.id == rival_case).values(status=CaseStatus.FILED))
    db.session.commit()
    client, _user = login_as(Role.PRODUCER)
    own_case = start_trademark(client)
    recoloured = _logo(tmp_path / "own.png", size=(900, 600), fill=(30, 160, 30)).read_bytes()
    post_step(client, own_case, "mark", {**MARK, "wording": "Mây Trắng"}, files={"mark_image": (recoloured, "m.png")})
    own_logo = db.session.scalar(sa.select(StoredFile.id).where(StoredFile.case_id == own_case))
    body = client.get("/marks/check.json", query_string={"text": "Mây Trắng", "case": own_case,
                                                         "image": own_logo}).get_json()
    found = next(f for f in body["findings"] if f["kind"] == "system_mark")
    assert found["term"] == "Sóng Biếc" and found["scores"]["image"] >= 85 and found["owner"] is None
    rival_logo = db.session.scalar(sa.select(StoredFile.id).where(StoredFile.case_id == rival_case))
    assert client.get("/marks/check.json", query_string={"text": "A", "image": rival_logo}).status_code == 404


# --- The list of protected indications --------------------------------------------------------

def test_admins_keep_the_indication_list_audited_and_unconfirmed_rows_say_so(db, login_as):
    from app.models import AuditEntry

    admin, _user = login_as(Role.ADMIN)
    page = text_of(admin.get("/marks/indications"))
    assert "Phú Quốc" in page and "Champagne" in page and "Chưa xác nhận" in page
    response = admin.post("/marks/indications/new", data={"name": "", "product": "gạo", "country": "Việt Nam",
                                                           "basis": "đăng bạ", "source": "Cục SHTT", "nice_class": "99"})
    assert response.status_code == 400
    assert "Vui lòng điền mục này." in text_of(response)
    response = admin.post("/marks/indications/new", data={"name": "Séng Cù", "product": "gạo", "nice_class": "30",
                                                           "country": "Việt Nam", "basis": "đăng bạ",
                                                           "source": "most.gov.vn", "active": "y"})
    assert response.status_code == 302
    gi = db.session.scalar(sa.select(ProtectedIndication).where(ProtectedIndication.name == "Séng Cù"))
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.entity == "protected_indications",
                                                         AuditEntry.entity_id == gi.id)).action == "create"
    consultant, user = login_as(Role.CONSULTANT)
    finding = next(f for f in check("Gạo Séng Cù", [30], user) if f.kind == "gi")
    assert "chưa được đối chiếu" in finding.reason
    assert consultant.post(f"/marks/indications/{gi.id}", data={"name": "X"}).status_code == 403
