"""Build tests/data/unseen_scans/: eight scanned office documents the OCR was never tuned on.

The real scans of ../shared/realdocs/ are a development set; the issue's target is real
scans *not* in it, which this machine cannot fetch. These pages stand in for them: eight
documents written for the purpose (kinds, issuers, places and layouts that appear nowhere
else in the project), laid out as offices print them (two-column header with its rules,
centred kind and title, "Nơi nhận" beside the signature) and scanned the ways archives are:
tilted, upside down, sideways, speckled, blurred, on grey paper, with show-through, red
seals and an incoming-mail stamp, one with a wrong-language OCR text layer. Their
annotations in `gold/` (the eval scorer's format) were written by hand from the texts
below, not from any program's output. Handwriting is not imitated (a font is no
handwriting); the development set's scans have it.

Needs Pillow and the Liberation fonts (Debian fonts-liberation2, installed by scripts/setup.sh).
Usage: python scripts/build_unseen_scans.py [OUT_DIR]      (then score: see the folder's README)
       python scripts/build_unseen_scans.py --harder DIR  (96 harder scans of the same documents)
"""
from __future__ import annotations

import json
import random
import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_scan_fixtures import (  # noqa: E402
    _font, add_dark_margins, add_red_stamp, add_shadow, fold_like_wrong_ocr, scan_pdf,
)

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "unseen_scans" / "files"
WIDTH, HEIGHT = 1654, 2339          # A4 at 200 dpi
MARGIN = 170
SERIF = "/usr/share/fonts/truetype/liberation2/LiberationSerif-{}.ttf"
LINE = 50                           # body line pitch: 13-14 pt at 200 dpi
ROMAN_HEADING = re.compile(r"^[IVX]+\. ")


@dataclass
class Document:
    name: str
    left: list[str]                 # the issuing body, the "Số:" line last
    place_date: str
    kind: str | None                # None for a Công văn ("V/v" subject under the number)
    title: list[str]
    body: list[str]
    signer: list[str]               # the signature block's lines, the name last
    recipients: list[str] = field(default_factory=lambda: ["- Như trên;", "- Lưu: VT."])
    subject: list[str] = field(default_factory=list)    # a Công văn's "V/v" lines, left column
    scan: dict = field(default_factory=dict)            # how it was scanned (see `scanned`)


DOCUMENTS = [
    Document(
        "qd_ubnd_huyen_tam_nong",
        ["ỦY BAN NHÂN DÂN", "HUYỆN TAM NÔNG", "", "Số: 1187/QĐ-UBND"],
        "Tam Nông, ngày 28 tháng 6 năm 2023",
        "QUYẾT ĐỊNH",
        ["Về việc phê duyệt kế hoạch lựa chọn nhà thầu công trình",
         "Trường Mầm non xã Phú Thành A"],
        ["CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN TAM NÔNG",
         "",
         "Căn cứ Luật Đấu thầu ngày 26 tháng 11 năm 2013;",
         "Căn cứ Nghị định số 63/2014/NĐ-CP ngày 26/6/2014 của Chính phủ quy định",
         "chi tiết thi hành một số điều của Luật Đấu thầu về lựa chọn nhà thầu;",
         "Căn cứ Quyết định số 845/QĐ-UBND ngày 12/4/2023 của UBND huyện về việc",
         "phê duyệt báo cáo kinh tế - kỹ thuật công trình;",
         "",
         "QUYẾT ĐỊNH:",
         "Điều 1. Phê duyệt kế hoạch lựa chọn nhà thầu công trình Trường Mầm non xã",
         "Phú Thành A với tổng mức đầu tư 4.850 triệu đồng, trong đó vốn ngân sách",
         "tỉnh hỗ trợ 3.200 triệu đồng, vốn ngân sách huyện 1.650 triệu đồng.",
         "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."],
        ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Lợi"],
        scan=dict(tilt=1.2, seal=True, colour=True),
    ),
    Document(
        "kh_so_y_te_binh_phuoc",
        ["UBND TỈNH BÌNH PHƯỚC", "SỞ Y TẾ", "", "Số: 342/KH-SYT"],
        "Bình Phước, ngày 15 tháng 02 năm 2024",
        "KẾ HOẠCH",
        ["Tiêm chủng mở rộng năm 2024"],
        ["Thực hiện Quyết định số 1575/QĐ-BYT ngày 27/3/2023 của Bộ Y tế phê duyệt",
         "Kế hoạch tiêm chủng mở rộng giai đoạn 2023 - 2025, Sở Y tế xây dựng kế hoạch",
         "như sau:",
         "I. MỤC TIÊU",
         "1. Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt 95%.",
         "2. Tỷ lệ phụ nữ có thai được tiêm phòng uốn ván đạt 90%.",
         "II. KINH PHÍ",
         "Tổng kinh phí thực hiện là 2,5 tỷ đồng từ nguồn ngân sách tỉnh năm 2024."],
        ["GIÁM ĐỐC", "Nguyễn Thị Hạnh"],
        scan=dict(turn=180, tilt=-0.6, speckle=0.0006),
    ),
    Document(
        "bc_ubnd_xa_an_hiep",
        ["UBND HUYỆN CHÂU THÀNH", "ỦY BAN NHÂN DÂN", "XÃ AN HIỆP", "", "Số: 56/BC-UBND"],
        "An Hiệp, ngày 05 tháng 12 năm 2022",
        "BÁO CÁO",
        ["Kết quả thực hiện công tác cải cách hành chính năm 2022"],
        ["Thực hiện Kế hoạch số 210/KH-UBND ngày 20/01/2022 của UBND huyện Châu Thành",
         "về cải cách hành chính năm 2022, UBND xã An Hiệp báo cáo kết quả như sau:",
         "1. Tiếp nhận 1.284 hồ sơ thủ tục hành chính, giải quyết đúng hạn 1.270 hồ sơ,",
         "đạt 98,9%; tỷ lệ hồ sơ trực tuyến đạt 46,2%.",
         "2. Kinh phí cải cách hành chính năm 2022 là 85 triệu đồng."],
        ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Minh Tâm"],
        scan=dict(turn=90, blur=0.7, speckle=0.0004),
    ),
    Document(
        "tt_phong_gd_bao_loc",
        ["UBND THÀNH PHỐ BẢO LỘC", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "", "Số: 214/TTr-PGDĐT"],
        "Bảo Lộc, ngày 19 tháng 9 năm 2025",
        "TỜ TRÌNH",
        ["Về việc đề nghị phê duyệt danh sách giáo viên",
         "tham gia bồi dưỡng thường xuyên năm học 2025 - 2026"],
        ["Kính gửi: Ủy ban nhân dân thành phố Bảo Lộc.",
         "",
         "Căn cứ Thông tư số 17/2019/TT-BGDĐT ngày 01/11/2019 của Bộ Giáo dục và",
         "Đào tạo ban hành Chương trình bồi dưỡng thường xuyên giáo viên;",
         "Phòng Giáo dục và Đào tạo kính trình Ủy ban nhân dân thành phố phê duyệt",
         "danh sách 312 giáo viên tham gia bồi dưỡng."],
        ["TRƯỞNG PHÒNG", "Vũ Đức Thịnh"],
        scan=dict(wrong_layer=True, tilt=0.5),
    ),
    Document(
        "nq_hdnd_quang_tri",
        ["HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG TRỊ", "", "Số: 27/2023/NQ-HĐND"],
        "Quảng Trị, ngày 08 tháng 12 năm 2023",
        "NGHỊ QUYẾT",
        ["Quy định mức hỗ trợ đóng bảo hiểm y tế cho người thuộc hộ",
         "cận nghèo trên địa bàn tỉnh Quảng Trị"],
        ["HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG TRỊ",
         "KHÓA VIII, KỲ HỌP THỨ 21",
         "",
         "Căn cứ Luật Bảo hiểm y tế ngày 14 tháng 11 năm 2008;",
         "Căn cứ Nghị định số 146/2018/NĐ-CP ngày 17/10/2018 của Chính phủ;",
         "Xét Tờ trình số 238/TTr-UBND ngày 15/11/2023 của UBND tỉnh;",
         "",
         "QUYẾT NGHỊ:",
         "Điều 1. Hỗ trợ 30% mức đóng bảo hiểm y tế cho người thuộc hộ cận nghèo."],
        ["CHỦ TỊCH", "Nguyễn Đăng Quang"],
        recipients=["- UBTV Quốc hội;", "- Chính phủ;", "- Lưu: VT."],
        scan=dict(tilt=-0.9, show_through=True, paper=228),
    ),
    Document(
        "cv_cong_an_kon_tum",
        ["CÔNG AN TỈNH KON TUM", "PHÒNG CẢNH SÁT GIAO THÔNG", "", "Số: 905/PC08-TTr"],
        "Kon Tum, ngày 22 tháng 4 năm 2024",
        None,
        [],
        ["Kính gửi: Công an các huyện, thành phố.",
         "",
         "Thực hiện Kế hoạch số 52/KH-CAT ngày 02/4/2024 của Công an tỉnh về bảo đảm",
         "trật tự, an toàn giao thông, Phòng Cảnh sát giao thông đề nghị Công an các",
         "huyện, thành phố tăng cường tuần tra, kiểm soát, xử lý vi phạm nồng độ cồn,",
         "báo cáo kết quả về Phòng trước ngày 30/5/2024."],
        ["TRƯỞNG PHÒNG", "Thượng tá Phan Văn Đức"],
        subject=["V/v tăng cường kiểm tra, xử lý", "vi phạm nồng độ cồn"],
        scan=dict(turn=270, tilt=0.8, incoming_stamp=True, colour=True),
    ),
    Document(
        "tb_van_phong_ubnd_tinh",
        ["UBND TỈNH HẬU GIANG", "VĂN PHÒNG", "", "Số: 118/TB-VP"],
        "Hậu Giang, ngày 03 tháng 7 năm 2025",
        "THÔNG BÁO",
        ["Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp về tiến độ",
         "giải ngân vốn đầu tư công 6 tháng đầu năm 2025"],
        ["Ngày 30/6/2025, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp về tiến độ giải ngân",
         "vốn đầu tư công. Đến ngày 30/6/2025, tỉnh giải ngân 1.245 tỷ đồng, đạt 41,5%",
         "kế hoạch vốn. Sở Tài chính chủ trì, phối hợp với các sở, ngành liên quan rà soát",
         "các dự án chậm giải ngân, báo cáo UBND tỉnh trước ngày 15/7/2025."],
        ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Phạm Thị Mai"],
        scan=dict(tilt=-1.4, seal=True, colour=True, jpeg=55),
    ),
    Document(
        "qd_so_tnmt_an_giang",
        ["UBND TỈNH AN GIANG", "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", "", "Số: 76/QĐ-STNMT"],
        "An Giang, ngày 11 tháng 3 năm 2024",
        "QUYẾT ĐỊNH",
        ["Ban hành Quy chế làm việc của Sở Tài nguyên và Môi trường"],
        ["GIÁM ĐỐC SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG",
         "",
         "Căn cứ Quyết định số 12/2021/QĐ-UBND ngày 18/5/2021 của UBND tỉnh quy định",
         "chức năng, nhiệm vụ, quyền hạn và cơ cấu tổ chức của Sở Tài nguyên và",
         "Môi trường;",
         "Xét đề nghị của Chánh Văn phòng Sở,",
         "",
         "QUYẾT ĐỊNH:",
         "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Sở."],
        ["GIÁM ĐỐC", "Võ Thành Nhân"],
        scan=dict(tilt=0.3, speckle=0.001, blur=0.5, paper=235),
    ),
]


def render(doc: Document) -> tuple[Image.Image, tuple[int, int]]:
    """The document as printed: two-column header with its short rules, centred kind and title,
    the body, "Nơi nhận" beside the signature. Returns the page and the signature's centre."""
    page = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(page)
    regular, bold, italic = (_font([SERIF.format(s)], 34) for s in ("Regular", "Bold", "Italic"))
    small, small_bold = _font([SERIF.format("Regular")], 26), _font([SERIF.format("BoldItalic")], 28)
    left_centre, right_centre = MARGIN + 290, WIDTH - MARGIN - 400

    def centred(text: str, centre: int, y: int, font, rule: bool = False) -> None:
        width = draw.textlength(text, font=font)
        draw.text((centre - width / 2, y), text, font=font, fill=0)
        if rule:
            draw.line((centre - width / 3, y + 46, centre + width / 3, y + 46), fill=0, width=2)

    motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    header_top = 110
    issuer_lines = doc.left[:-1]             # the "Số:" line last
    for i, line in enumerate(issuer_lines):
        last = i == len(issuer_lines) - 1 or not issuer_lines[i + 1]
        if line:                             # the body above in regular type, the issuer in bold
            centred(line, left_centre, header_top + i * 44, bold if i else regular, rule=last)
    for i, line in enumerate(motto):
        centred(line, right_centre, header_top + i * 44, bold, rule=i == 1)
    number_y = header_top + len(doc.left) * 44
    centred(doc.left[-1], left_centre, number_y, regular)
    centred(doc.place_date, right_centre, number_y, italic)
    y = number_y + 60
    for line in doc.subject:
        centred(line, left_centre, y, _font([SERIF.format("Regular")], 30))
        y += 40
    y += 40
    if doc.kind:
        centred(doc.kind, WIDTH // 2, y, _font([SERIF.format("Bold")], 38))
        y += 56
        for line in doc.title:
            centred(line, WIDTH // 2, y, bold)
            y += 48
        y += 30
    for line in doc.body:
        if line.isupper() and not ROMAN_HEADING.match(line):
            centred(line, WIDTH // 2, y, bold)       # "QUYẾT ĐỊNH:", the adopting body
        elif line.isupper():
            draw.text((MARGIN, y), line, font=bold, fill=0)
        elif line:
            draw.text((MARGIN, y), line, font=regular, fill=0)
        y += LINE
    y += 40
    signature_top = y
    draw.text((MARGIN, y), "Nơi nhận:", font=small_bold, fill=0)
    for i, line in enumerate(doc.recipients):
        draw.text((MARGIN, y + 38 + i * 34), line, font=small, fill=0)
    sign_centre = WIDTH - MARGIN - 330
    *titles, name = doc.signer
    for i, line in enumerate(titles):
        centred(line, sign_centre, y + i * 44, bold)
    name_y = y + len(titles) * 44 + 190
    centred(name, sign_centre, name_y, bold)
    return page, (sign_centre, (signature_top + name_y) // 2)


def _speckle(page: Image.Image, share: float, rng: random.Random) -> None:
    pixels = page.load()
    for _ in range(int(page.width * page.height * share)):
        x, y = rng.randrange(page.width), rng.randrange(page.height)
        pixels[x, y] = 0 if page.mode == "L" else (0, 0, 0)


def _incoming_stamp(page: Image.Image) -> Image.Image:
    """A red "ĐẾN" incoming-mail stamp, boxed, pressed over the header's left column: stamp ink
    darkens what it lands on (multiplied), as ink over print does."""
    stamp = Image.new("RGB", page.size, (255, 255, 255))
    draw = ImageDraw.Draw(stamp)
    red = (200, 40, 50)
    box = (MARGIN + 150, 300, MARGIN + 580, 470)
    draw.rectangle(box, outline=red, width=5)
    font = _font(["/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"], 30)
    draw.text((box[0] + 20, box[1] + 14), "CÔNG AN HUYỆN ĐẮK HÀ", font=font, fill=red)
    draw.text((box[0] + 20, box[1] + 60), "ĐẾN  Số: 417", font=font, fill=red)
    draw.text((box[0] + 20, box[1] + 106), "Ngày: 24/4/2024", font=font, fill=red)
    return ImageChops.multiply(page.convert("RGB"), stamp)


def _signed(page: Image.Image, centre: tuple[int, int], rng: random.Random) -> Image.Image:
    """A signature in blue ballpoint between the signer's title and name: a zigzag and a stroke."""
    signed = page.convert("RGB")
    draw = ImageDraw.Draw(signed)
    blue = (30, 50, 160)
    x, y = centre[0] - 180, centre[1] + 20
    points = []
    for _ in range(40):
        x += rng.randint(4, 14)
        points.append((x, y + rng.randint(-60, 60)))
    draw.line(points, fill=blue, width=4, joint="curve")
    draw.line([(centre[0] - 200, y + 30), (centre[0] + 220, y + 10)], fill=blue, width=3)
    return signed


def scanned(doc: Document) -> Image.Image:
    """The printed page as a scanner left it (each document's `scan` settings)."""
    rng = random.Random(doc.name)
    page, signature = render(doc)
    settings = doc.scan
    if settings.get("show_through"):
        # The back of the sheet, mirrored and faint, under the front's ink.
        back = page.transpose(Image.Transpose.FLIP_TOP_BOTTOM).point(lambda v: 255 - (255 - v) * 0.15)
        page = ImageChops.darker(page, back)
    if settings.get("paper"):
        page = page.point(lambda v: min(v, settings["paper"]))
    if settings.get("seal"):
        # The seal's ink darkens the print it lands on (multiplied), as a real seal does: a
        # black name under it stays black.
        seal = add_red_stamp(Image.new("L", page.size, 255), (signature[0] - 90, signature[1]))
        page = ImageChops.multiply(page.convert("RGB"), seal)
    if settings.get("incoming_stamp"):
        page = _incoming_stamp(page)
    if settings.get("signed"):
        page = _signed(page, signature, rng)
    if not settings.get("colour"):
        page = page.convert("L")
    fill = 255 if page.mode == "L" else (255, 255, 255)
    if settings.get("tilt"):
        page = page.rotate(settings["tilt"], resample=Image.Resampling.BICUBIC, fillcolor=fill)
    if settings.get("blur"):
        page = page.filter(ImageFilter.GaussianBlur(settings["blur"]))
    if settings.get("speckle"):
        _speckle(page, settings["speckle"], rng)
    if settings.get("turn"):
        page = page.rotate(settings["turn"], expand=True)      # PIL turns counter-clockwise
    return page


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for doc in DOCUMENTS:
        page = scanned(doc)
        if doc.scan.get("wrong_layer"):
            lines = [*doc.left, doc.place_date, doc.kind or "", *doc.title, *doc.body]
            (out / f"{doc.name}.pdf").write_bytes(scan_pdf(page, [fold_like_wrong_ocr(t) for t in lines]))
        else:
            page.convert("RGB" if page.mode != "L" else "L").save(
                out / f"{doc.name}.jpg", quality=doc.scan.get("jpeg", 80))
    print(f"wrote {len(DOCUMENTS)} unseen scans to {out}")


# Harder scans of the same documents, each in every way (not committed: --harder DIR builds them):
# tilts beyond the deskew's usual range, 150 and 100 dpi, a 1-bit fax, dark blurred paper, a shadow, dark
# margins, faded print, grain, a phone's perspective, a blue signature.
HARDER = {
    "tilt25": dict(tilt=2.5), "tilt35": dict(tilt=-3.5), "lowres": dict(tilt=0.7, scale=0.75),
    "dpi100": dict(tilt=0.5, scale=0.5),
    "fax": dict(tilt=0.4, fax=True), "dark": dict(paper=170, blur=1.0, tilt=0.5),
    "shadow": dict(tilt=0.6, shadow=True), "margins": dict(tilt=0.5, margins=True),
    "faded": dict(tilt=0.5, wear="faded"), "noisy": dict(tilt=0.5, wear="noisy"),
    "perspective": dict(tilt=0.5, wear="perspective"), "signed": dict(tilt=0.4, signed=True),
}


def _faded(page: Image.Image) -> Image.Image:
    """Print from a toner running out: ink at 150 on paper at 235."""
    return page.point(lambda v: round(150 + v * (235 - 150) / 255))


def _noisy(page: Image.Image) -> Image.Image:
    """A grainy scan: every pixel off by a normal error of 28 grey levels."""
    import numpy as np

    grain = np.random.default_rng(1).normal(0, 28, (page.height, page.width))
    return Image.fromarray(np.clip(np.asarray(page, dtype=np.float32) + grain, 0, 255).astype(np.uint8))


def _perspective(page: Image.Image) -> Image.Image:
    """A phone held tilted: the page's top 60 pixels narrower on each side than its bottom."""
    w, h, d = page.width, page.height, 60
    return page.transform((w, h), Image.Transform.QUAD, (-d, 0, 0, h, w, h, w + d, 0),
                          resample=Image.Resampling.BICUBIC, fillcolor=255)


WEAR = {"faded": _faded, "noisy": _noisy, "perspective": _perspective}
_NOT_SCANNER_SETTINGS = ("scale", "fax", "shadow", "margins", "wear")
FAX_THRESHOLD = 140


def harder(out: Path) -> None:
    """DIR/files: every document scanned in every HARDER way (PNG); DIR/gold: its annotations."""
    (out / "files").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    for doc in DOCUMENTS:
        gold = json.loads((OUT.parent / "gold" / f"{doc.name}.json").read_text(encoding="utf-8"))
        for way, settings in HARDER.items():
            variant = replace(doc, name=f"{doc.name}__{way}",
                              scan={k: v for k, v in settings.items() if k not in _NOT_SCANNER_SETTINGS})
            page = scanned(variant).convert("L")
            if "wear" in settings:
                page = WEAR[settings["wear"]](page)
            if settings.get("shadow"):
                page = add_shadow(page)
            if settings.get("margins"):
                page = add_dark_margins(page)
            if "scale" in settings:
                page = page.resize((round(page.width * settings["scale"]), round(page.height * settings["scale"])),
                                   Image.Resampling.LANCZOS)
            if settings.get("fax"):
                page = page.point(lambda v: 255 if v > FAX_THRESHOLD else 0).convert("1")
            page.save(out / "files" / f"{variant.name}.png")
            (out / "gold" / f"{variant.name}.json").write_text(
                json.dumps({**gold, "file": f"{variant.name}.png", "format": way}, ensure_ascii=False), encoding="utf-8")
    print(f"wrote {len(DOCUMENTS) * len(HARDER)} harder scans and their annotations to {out}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--harder"]:
        harder(Path(sys.argv[2]))
    else:
        main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
