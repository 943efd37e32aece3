"""The documents people write for collective marks, certification marks and GIs, built from
their answers: the regulation on use (IP Law Art. 105(4) and 105(5)) and the GI description
(Art. 106(2)).

Builders turn answers into plain data (numbered articles of paragraphs) that the review page
and the PDF print; they never drop a legally required part: a required part left empty stays
in the document with no paragraphs, so a draft shows the gap (the wizard refuses to submit
it). The texts are Vietnamese whatever the UI language: they are filed with the IP office.
Suggested wordings are starting points the user edits, never filled in silently afterwards.
"""
from __future__ import annotations

from dataclasses import dataclass

from app.text import nfc


@dataclass(frozen=True)
class Part:
    """One article of a regulation, or one section of a GI description."""

    key: str  # the answer it prints (a field of the wizard step), or a computed part
    heading: str
    legal_ref: str = ""
    required: bool = True


LAW = "Luật Sở hữu trí tuệ"

#: Vietnamese points are lettered a, b, c, d, đ, e, g…: the fifth point of a clause is "điểm đ".
#: Collective mark regulation (Quy chế sử dụng nhãn hiệu tập thể), IP Law Art. 105(4) a–đ,
#: plus the optional parts people usually include.
COLLECTIVE_PARTS: tuple[Part, ...] = (
    Part("owner", "Chủ sở hữu nhãn hiệu tập thể", f"Điều 105 khoản 4 điểm a {LAW}"),
    Part("membership_conditions", "Điều kiện để trở thành thành viên", f"Điều 105 khoản 4 điểm b {LAW}"),
    Part("members", "Danh sách thành viên được phép sử dụng nhãn hiệu", f"Điều 105 khoản 4 điểm c {LAW}"),
    Part("use_conditions", "Điều kiện sử dụng nhãn hiệu", f"Điều 105 khoản 4 điểm d {LAW}"),
    Part("display_rules", "Cách thể hiện nhãn hiệu trên sản phẩm, bao bì", required=False),
    Part("control_body", "Kiểm tra, giám sát việc sử dụng nhãn hiệu", required=False),
    Part("right_duration", "Thời hạn quyền sử dụng nhãn hiệu của thành viên", required=False),
    Part("breach_measures", "Biện pháp xử lý hành vi vi phạm Quy chế", f"Điều 105 khoản 4 điểm đ {LAW}"),
    Part("closing", "Hiệu lực thi hành"),
)

#: Certification mark regulation (Quy chế sử dụng nhãn hiệu chứng nhận), IP Law Art. 105(5) a–đ.
CERTIFICATION_PARTS: tuple[Part, ...] = (
    Part("owner", "Tổ chức là chủ sở hữu nhãn hiệu chứng nhận", f"Điều 105 khoản 5 điểm a {LAW}"),
    Part("use_conditions", "Điều kiện để được sử dụng nhãn hiệu", f"Điều 105 khoản 5 điểm b {LAW}"),
    Part("certified_characteristics", "Các đặc tính của sản phẩm được chứng nhận",
         f"Điều 105 khoản 5 điểm c {LAW}"),
    Part("evaluation_methods", "Phương pháp đánh giá các đặc tính của sản phẩm", f"Điều 105 khoản 5 điểm d {LAW}"),
    Part("control_methods", "Phương pháp kiểm soát việc sử dụng nhãn hiệu", f"Điều 105 khoản 5 điểm d {LAW}"),
    Part("display_rules", "Cách thể hiện nhãn hiệu trên sản phẩm, bao bì", required=False),
    Part("right_duration", "Thời hạn quyền sử dụng nhãn hiệu", required=False),
    Part("user_fees", "Chi phí người sử dụng nhãn hiệu phải trả", f"Điều 105 khoản 5 điểm đ {LAW}"),
    Part("closing", "Hiệu lực thi hành"),
)

#: GI description (Bản mô tả tính chất, chất lượng, danh tiếng), IP Law Art. 106(2).
GI_PARTS: tuple[Part, ...] = (
    Part("indication", "Tên chỉ dẫn địa lý và sản phẩm mang chỉ dẫn địa lý", f"Điều 106 khoản 1 {LAW}"),
    Part("product", "Mô tả sản phẩm: nguyên liệu, tính chất, chất lượng đặc thù, danh tiếng",
         f"Điều 106 khoản 2 điểm a {LAW}"),
    Part("conditions", "Điều kiện tự nhiên và yếu tố con người của khu vực địa lý", f"Điều 106 khoản 2 {LAW}"),
    Part("area_delimitation", "Khu vực địa lý tương ứng với chỉ dẫn địa lý", f"Điều 106 khoản 2 điểm b {LAW}"),
    Part("origin_evidence", "Bằng chứng về nguồn gốc sản phẩm", f"Điều 106 khoản 2 điểm c {LAW}"),
    Part("production_method", "Phương pháp sản xuất, chế biến đặc thù của địa phương",
         f"Điều 106 khoản 2 điểm d {LAW}"),
    Part("link", "Mối liên hệ giữa tính chất, chất lượng của sản phẩm với điều kiện địa lý",
         f"Điều 106 khoản 2 điểm đ {LAW}"),
    Part("quality_control", "Cơ chế tự kiểm tra chất lượng sản phẩm", f"Điều 106 khoản 2 điểm e {LAW}"),
)

#: The product characteristics of a GI, each printed with its label (at least one is required).
GI_CHARACTERISTICS = (
    ("raw_materials", "Nguyên liệu"),
    ("sensory", "Chỉ tiêu cảm quan"),
    ("physical_chemical", "Chỉ tiêu lý, hóa"),
    ("microbiological", "Chỉ tiêu vi sinh"),
    ("reputation", "Danh tiếng"),
)
#: the measurable ones (Art. 106(2)(a): physical, chemical, microbiological and sensory properties): a GI
#: needs at least one; reputation alone does not describe the product
GI_MEASURABLE_KEYS = ("sensory", "physical_chemical", "microbiological")


def paragraphs(text: str | None) -> list[str]:
    """A typed answer as paragraphs: one per non-empty line, NFC, trimmed."""
    return [line.strip() for line in nfc(text or "").splitlines() if line.strip()]


def _article(number: int, part: Part, body: list[str]) -> dict:
    return {"number": number, "key": part.key, "heading": part.heading, "paragraphs": body,
            "legal_ref": part.legal_ref, "required": part.required}


def _articles(parts: tuple[Part, ...], bodies: dict[str, list[str]]) -> list[dict]:
    """Numbered articles: every required part, and the optional ones that were answered."""
    chosen = [part for part in parts if part.required or bodies.get(part.key)]
    return [_article(number, part, bodies.get(part.key, [])) for number, part in enumerate(chosen, start=1)]


def _owner_paragraphs(owner: dict) -> list[str]:
    if not (owner.get("name") and owner.get("address") and owner.get("legal_basis")):
        return []
    return [f"Tên tổ chức: {owner['name']}.", f"Địa chỉ: {owner['address']}.",
            f"Cơ sở pháp lý thành lập: {nfc(owner['legal_basis']).strip()}."]


def _closing(owner_name: str) -> list[str]:
    return [
        "Quy chế này có hiệu lực kể từ ngày ký ban hành.",
        f"Việc sửa đổi, bổ sung Quy chế do {owner_name or 'chủ sở hữu nhãn hiệu'} quyết định và phải được "
        "thông báo cho Cục Sở hữu trí tuệ.",
    ]


def collective_regulation(owner: dict, mark_name: str, members: list[dict], answers: dict) -> dict:
    """The regulation on use of a collective mark (Art. 105(4)).

    `owner`: name, address, legal_basis; `members`: rows with at least a name;
    `answers`: the regulation step's fields (text, possibly empty).
    """
    bodies = {key: paragraphs(answers.get(key)) for key in
              ("membership_conditions", "use_conditions", "display_rules", "control_body", "right_duration",
               "breach_measures")}
    bodies["owner"] = _owner_paragraphs(owner)
    named = [m for m in members if m.get("name")]
    bodies["members"] = [
        f"Các thành viên của {owner.get('name') or 'tổ chức tập thể'} được phép sử dụng nhãn hiệu gồm "
        f"{len(named)} thành viên, có tên trong Danh sách kèm theo Quy chế này.",
        "Việc bổ sung, rút tên thành viên khỏi Danh sách do chủ sở hữu nhãn hiệu quyết định theo Quy chế này.",
    ] if named else []
    bodies["closing"] = _closing(owner.get("name", ""))
    return {
        "title": f"QUY CHẾ SỬ DỤNG NHÃN HIỆU TẬP THỂ “{mark_name}”" if mark_name
        else "QUY CHẾ SỬ DỤNG NHÃN HIỆU TẬP THỂ",
        "mark_name": mark_name,
        "owner": {"name": owner.get("name", ""), "address": owner.get("address", ""),
                  "legal_basis": owner.get("legal_basis", "")},
        "articles": _articles(COLLECTIVE_PARTS, bodies),
        "has_members_appendix": bool(named),
    }


def certification_regulation(owner: dict, mark_name: str, answers: dict) -> dict:
    """The regulation on use of a certification mark (Art. 105(5))."""
    bodies = {key: paragraphs(answers.get(key)) for key in
              ("use_conditions", "certified_characteristics", "evaluation_methods", "control_methods",
               "display_rules", "right_duration", "user_fees")}
    bodies["owner"] = _owner_paragraphs(owner)
    bodies["closing"] = _closing(owner.get("name", ""))
    return {
        "title": f"QUY CHẾ SỬ DỤNG NHÃN HIỆU CHỨNG NHẬN “{mark_name}”" if mark_name
        else "QUY CHẾ SỬ DỤNG NHÃN HIỆU CHỨNG NHẬN",
        "mark_name": mark_name,
        "owner": {"name": owner.get("name", ""), "address": owner.get("address", ""),
                  "legal_basis": owner.get("legal_basis", "")},
        "articles": _articles(CERTIFICATION_PARTS, bodies),
        "has_members_appendix": False,
    }


def gi_description(indication: dict, characteristics: dict, area: dict, has_map: bool) -> dict:
    """The description of the product's characteristics and area for a GI (Art. 106(2)).

    `indication`: gi_name, product_name, product_summary; `characteristics`: the fields of
    GI_CHARACTERISTICS; `area`: natural_factors, human_factors, area_delimitation,
    delimitation_method, origin_evidence, production_method, method_stability, link, quality_control.
    """
    name, product = nfc(indication.get("gi_name") or "").strip(), nfc(indication.get("product_name") or "").strip()
    bodies: dict[str, list[str]] = {}
    if name and product:
        bodies["indication"] = [f"Chỉ dẫn địa lý: {name}.", f"Sản phẩm mang chỉ dẫn địa lý: {product}.",
                                *paragraphs(indication.get("product_summary"))]
    product_lines = []
    for key, label in GI_CHARACTERISTICS:
        lines = paragraphs(characteristics.get(key))
        if lines:
            product_lines.append(f"{label}: {lines[0]}")
            product_lines.extend(lines[1:])
    # the characteristics count only with at least one measurable property
    if any(paragraphs(characteristics.get(key)) for key in GI_MEASURABLE_KEYS):
        bodies["product"] = product_lines
    natural, human = paragraphs(area.get("natural_factors")), paragraphs(area.get("human_factors"))
    if natural:
        bodies["conditions"] = [f"Điều kiện tự nhiên: {natural[0]}", *natural[1:]] + (
            [f"Yếu tố con người: {human[0]}", *human[1:]] if human else [])
    # the area counts only with the method that delimited it, the production method only with its stability
    delimitation, method = paragraphs(area.get("area_delimitation")), paragraphs(area.get("delimitation_method"))
    if delimitation and method:
        bodies["area_delimitation"] = delimitation + _labelled("Phương pháp xác định khu vực địa lý", method) + (
            ["Ranh giới khu vực được thể hiện trên bản đồ kèm theo Bản mô tả này."] if has_map else [])
    production, stability = paragraphs(area.get("production_method")), paragraphs(area.get("method_stability"))
    if production and stability:
        bodies["production_method"] = production + _labelled("Tính ổn định của phương pháp sản xuất", stability)
    for key in ("origin_evidence", "link", "quality_control"):
        bodies[key] = paragraphs(area.get(key))
    title = "BẢN MÔ TẢ TÍNH CHẤT, CHẤT LƯỢNG ĐẶC THÙ, DANH TIẾNG CỦA SẢN PHẨM MANG CHỈ DẪN ĐỊA LÝ"
    return {"title": f"{title} “{name.upper()}”" if name else title, "articles": _articles(GI_PARTS, bodies)}


def _labelled(label: str, lines: list[str]) -> list[str]:
    return [f"{label}: {lines[0]}", *lines[1:]]


def missing_parts(document: dict) -> list[str]:
    """Headings of the required parts a built document still lacks."""
    return [a["heading"] for a in document["articles"] if a["required"] and not a["paragraphs"]]


# --- Suggested wordings (initial values of the steps; the user edits them) --------------------

def suggested_collective_regulation(owner_name: str, products: str, area: str) -> dict:
    owner = owner_name or "tổ chức tập thể"
    products = products or "sản phẩm mang nhãn hiệu"
    area = area or "địa phương"
    return {
        "membership_conditions": (
            f"Là tổ chức, hộ gia đình, cá nhân sản xuất, kinh doanh {products} trên địa bàn {area}.\n"
            f"Tự nguyện gia nhập, tán thành Điều lệ của {owner} và cam kết thực hiện Quy chế này."
        ),
        "use_conditions": (
            f"Chỉ sử dụng nhãn hiệu cho {products} do chính thành viên sản xuất trên địa bàn {area}.\n"
            "Sản phẩm phải đáp ứng tiêu chuẩn chất lượng, an toàn thực phẩm do chủ sở hữu nhãn hiệu công bố.\n"
            "Không chuyển giao quyền sử dụng nhãn hiệu cho tổ chức, cá nhân không phải là thành viên."
        ),
        "breach_measures": (
            "Nhắc nhở và yêu cầu khắc phục trong thời hạn 30 ngày.\n"
            "Tạm đình chỉ quyền sử dụng nhãn hiệu nếu không khắc phục.\n"
            "Thu hồi quyền sử dụng nhãn hiệu và đề nghị cơ quan có thẩm quyền xử lý theo quy định của pháp luật "
            "nếu tái phạm."
        ),
        "display_rules": "Nhãn hiệu được in trên bao bì, nhãn sản phẩm đúng mẫu đã đăng ký, không thay đổi tỷ lệ, màu sắc.",
        "control_body": f"{owner} kiểm tra việc sử dụng nhãn hiệu của thành viên ít nhất một lần mỗi năm.",
        "right_duration": "Quyền sử dụng nhãn hiệu của thành viên có thời hạn cùng thời hạn hiệu lực của văn bằng bảo hộ, "
                          "chấm dứt khi thành viên ra khỏi tổ chức.",
    }


def suggested_certification_regulation(owner_name: str, products: str, area: str) -> dict:
    owner = owner_name or "tổ chức chứng nhận"
    products = products or "sản phẩm được chứng nhận"
    area = area or "địa phương"
    return {
        "use_conditions": (
            f"Tổ chức, cá nhân sản xuất, kinh doanh {products} tại {area} có đơn đề nghị và được {owner} "
            "cấp quyền sử dụng nhãn hiệu.\n"
            "Sản phẩm đáp ứng các đặc tính được chứng nhận nêu tại Quy chế này."
        ),
        "certified_characteristics": f"Nguồn gốc: {products} được sản xuất tại {area}.\nChất lượng: (ghi các chỉ tiêu cảm quan, lý, hóa được chứng nhận).",
        "evaluation_methods": "Lấy mẫu và kiểm nghiệm tại phòng thử nghiệm được công nhận; đánh giá cảm quan theo tiêu chuẩn đã công bố.",
        "control_methods": f"{owner} kiểm tra định kỳ hằng năm và kiểm tra đột xuất khi có phản ánh; lập hồ sơ theo dõi người được cấp quyền.",
        "user_fees": "Người sử dụng nhãn hiệu không phải trả phí.",
        "display_rules": "Nhãn hiệu được in trên bao bì, nhãn sản phẩm đúng mẫu đã đăng ký, kèm mã số của người được cấp quyền.",
    }
