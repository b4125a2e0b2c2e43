"""Real-scan problems, each on a fixture of its own (tests/data/scans/, built by
scripts/build_scan_fixtures.py): a wrong-language text layer, pages turned on the
glass, red stamps, two-column headers; the syllable test behind the text-layer
verdict; the `pages` table and `files.warnings`."""
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from extractors.syllables import is_marked, is_well_formed, syllable_shares
from extractors.text import Text
from pipeline.extract import extract
from pipeline.ingest import ingest
from pipeline.loaders import load, ocr, scan_image, scan_layout, textlayer
from pipeline.store import open_db
from seeds import CORPUS

SCANS = Path(__file__).resolve().parent / "data" / "scans"
needs_tesseract = pytest.mark.skipif(not ocr.available(), reason=f"needs Tesseract: {ocr.missing_reason()}")

# The letter written for the fixtures cites three documents, each with its date.
LETTER_CITATIONS = [("1520/QĐ-UBND", "2024-02-05"), ("24/2023/NĐ-CP", "2023-05-14"), ("87/KH-UBND", "2024-01-18")]


def citations_of(path: Path, fmt: str):
    loaded = load(path, fmt)
    extraction = extract(Text.from_lines(loaded.lines))
    return loaded, sorted({(c.ref, c.date) for c in extraction.citations})


# ------------------------------------------------------------------ syllables and the verdict

@pytest.mark.parametrize("word, expected", [
    ("thực", True), ("hiện", True), ("Quyết", True), ("định", True), ("ngày", True), ("nghiêng", True),
    ("khuyến", True), ("VIỆT", True), ("Đức", True), ("gì", True),
    ("thuc", False),      # a stop final without sắc/nặng: tone marks dropped by a wrong OCR
    ("viec", False), ("dat", False), ("Hcok", False), ("CHiJ", False), ("VIVT", False),
    ("phtic", False), ("hoà", True), ("SGDDT", False), ("ắ", True), ("ửả", False),   # two vowels, two tones
])
def test_well_formed_syllables(word, expected):
    assert is_well_formed(word) is expected


@pytest.mark.parametrize("word, expected", [
    ("thực", True), ("Đà", True), ("đi", True), ("ăn", True), ("BỘ", True), ("ươn", True),
    ("hoa", False), ("Thuc", False), ("Dao", False), ("UBND", False),
])
def test_marked_words(word, expected):
    assert is_marked(word) is expected


@pytest.mark.parametrize("lines, source, why_starts", [
    (["Thực hiện Kế hoạch số 87/KH-UBND ngày 18/01/2024 của Ủy ban nhân dân huyện về chuyển đổi số,",
      "Phòng Tài chính - Kế hoạch đề nghị các xã báo cáo kết quả thực hiện trước ngày 30/3/2024."],
     "text", "text layer: 9"),
    # The same sentences as a non-Vietnamese OCR engine left them in an old scan's layer.
    (["Thuc hien Ke hoach s6 87/KH-UBND ngay 18/01/2024 cua Uy ban nhan dan huyen ve chuyen doi s6,",
      "Phong Tai chinh - Ke hoach de nghi cac xa bao cao ket qua thuc hien truoc ngay 30/3/2024."],
     "ocr", "text layer not Vietnamese"),
    # Every mark dropped, yet most words still pass as syllables (87%): no word carries a mark.
    (["Phong Noi vu trinh Uy ban nhan dan huyen phe duyet danh sach can bo cong chuc tham gia",
      "boi duong nam nay"],
     "ocr", "text layer without Vietnamese marks (0%"),
    (["Trang 2", "Mục lục"], "text", "text layer (3 words, too few to judge)"),
    # TCVN3 (.VnTime) text read as Latin-1: not Unicode Vietnamese, but converted later, not OCR'd.
    (["Thùc hiÖn KÕ ho¹ch sè 87/KH-UBND ngµy 18/01/2024 cña ñy ban nh©n d©n huyÖn vÒ chuyÓn ®æi sè,",
      "Phßng Tµi chÝnh - KÕ ho¹ch ®Ò nghÞ c¸c x· b¸o c¸o kÕt qu¶ thùc hiÖn tr­íc ngµy 30/3/2024."],
     "text", "text layer in a pre-Unicode font"),
])
def test_text_layer_verdict(lines, source, why_starts):
    verdict = textlayer.judge(lines, has_layer=True, has_image=lambda: True)
    assert verdict.source == source
    assert verdict.why.startswith(why_starts)


def test_a_doubtful_layer_without_an_image_is_kept():
    lines = ["Thuc hien Ke hoach s6 87/KH-UBND ngay 18/01/2024 cua Uy ban nhan dan huyen ve chuyen doi"]
    verdict = textlayer.judge(lines, has_layer=True, has_image=lambda: False)
    assert verdict.source == "text" and verdict.why.endswith("kept, no image to OCR")


def test_no_layer_no_image_is_none_and_the_image_is_asked_only_when_needed():
    asked = []
    assert textlayer.judge([], False, lambda: asked.append(1) or False).source == "none"
    good = ["Thực hiện Kế hoạch số 87/KH-UBND ngày 18/01/2024 của Ủy ban nhân dân huyện về chuyển đổi số"]
    assert textlayer.judge(good, True, lambda: asked.append(2) or True).source == "text"
    assert asked == [1]       # a trusted layer never pays for the image test


def test_every_page_of_the_seed_pdfs_keeps_its_text_layer():
    loaded = load(next((CORPUS / "pdf").glob("001_*.pdf")), "pdf")
    assert loaded.ocr is False and len(loaded.page_reads) == loaded.pages
    assert {r.source for r in loaded.page_reads} == {"text"}
    shares = [syllable_shares("\n".join(t for t, p in loaded.lines if p == r.page)) for r in loaded.page_reads]
    assert min(s.well_formed for s in shares) >= textlayer.TRUSTED_SHARE
    assert min(s.marked for s in shares) >= textlayer.MIN_MARKED_SHARE


@needs_tesseract
def test_a_wrong_language_text_layer_is_replaced_by_ocr():
    loaded, citations = citations_of(SCANS / "garbage_layer.pdf", "pdf")
    (page,) = loaded.page_reads
    assert page.source == "ocr" and page.why.startswith("text layer not Vietnamese")
    assert loaded.ocr is True
    assert citations == LETTER_CITATIONS
    assert any("Thực hiện Quyết định số 1520/QĐ-UBND" in line for line, _ in loaded.lines)


# ------------------------------------------------------------------ uneven light

@needs_tesseract
def test_a_shadowed_page_reads_as_an_evenly_lit_one():
    loaded, citations = citations_of(SCANS / "shaded.jpg", "image")
    header = extract(Text.from_lines(loaded.lines)).header
    assert citations == LETTER_CITATIONS
    # the right column, in the shadow: the place and date, the signer
    assert (header.place, header.date, header.signer) == ("An Phú", "2024-03-12", "Nguyễn Văn Bình")


def test_light_is_evened_out_only_where_it_is_uneven():
    even = Image.open(SCANS / "upright.png").convert("L")
    assert scan_image.even_out_light(even) is even
    evened = np.asarray(scan_image.even_out_light(Image.open(SCANS / "shaded.jpg").convert("L")), dtype=np.float32)
    left, right = evened[:, 60:160], evened[:, -160:-60]         # margins: paper only
    assert abs(float(np.median(left)) - float(np.median(right))) < 15 and float(np.median(right)) > 200


@needs_tesseract
def test_dark_margins_around_the_page_do_not_glue_its_lines():
    loaded, citations = citations_of(SCANS / "dark_margins.jpg", "image")
    header = extract(Text.from_lines(loaded.lines)).header
    assert citations == LETTER_CITATIONS
    assert len([line for line, _ in loaded.lines if line.strip()]) == 13      # as on the upright page
    assert (header.number, header.place, header.signer) == ("215", "An Phú", "Nguyễn Văn Bình")


def test_margins_are_whitened_only_when_dark():
    plain = Image.open(SCANS / "upright.png").convert("L")
    assert scan_image.whiten_dark_margins(plain) is plain
    shaded = Image.open(SCANS / "shaded.jpg").convert("L")        # a shadow's paper is no margin
    assert scan_image.whiten_dark_margins(shaded) is shaded
    whitened = np.asarray(scan_image.whiten_dark_margins(Image.open(SCANS / "dark_margins.jpg").convert("L")))
    assert whitened[:, :100].min() > 200 and whitened[:30, :].min() > 200 and whitened[-60:, :].min() > 200


@needs_tesseract
def test_a_page_scanned_at_a_low_resolution_is_read_enlarged():
    loaded, citations = citations_of(SCANS / "low_resolution.png", "image")
    header = extract(Text.from_lines(loaded.lines)).header
    assert citations == LETTER_CITATIONS
    assert (header.number, header.place, header.date, header.signer) == ("215", "An Phú", "2024-03-12", "Nguyễn Văn Bình")


# ------------------------------------------------------------------ upright pages

@needs_tesseract
@pytest.mark.parametrize("name", ["rotated_90.png", "rotated_180.png", "rotated_270.png"])
def test_a_turned_page_gives_the_citations_of_the_upright_page(name):
    upright, upright_citations = citations_of(SCANS / "upright.png", "image")
    turned, turned_citations = citations_of(SCANS / name, "image")
    assert upright_citations == LETTER_CITATIONS
    assert turned_citations == upright_citations
    (page,) = turned.page_reads
    assert page.warning is None and page.ocr_confidence > 85
    assert page.rotation == int(name[len("rotated_"):-len(".png")])    # turned clockwise by as much


@pytest.mark.parametrize("confidence, doubt, expected", [
    (93.0, None, None),
    (44.2, None, "page 3: OCR confidence 44 (below 60): check the scan"),
    (None, None, "page 3: OCR found no text: check the scan"),
    (88.0, "orientation uncertain (OSD confidence 0.4)", "page 3: orientation uncertain (OSD confidence 0.4)"),
])
def test_page_warnings(confidence, doubt, expected):
    assert textlayer.ocr_warning(3, confidence, doubt) == expected


# ------------------------------------------------------------------ stamps and layout

def test_stamp_ink_is_dropped_and_black_and_blue_are_kept():
    image = Image.new("RGB", (40, 10), (255, 255, 255))
    image.paste((200, 30, 40), (0, 0, 10, 10))      # seal red
    image.paste((150, 50, 170), (10, 0, 20, 10))    # mail-stamp purple
    image.paste((20, 20, 20), (20, 0, 30, 10))      # printed black
    image.paste((30, 40, 160), (30, 0, 40, 10))     # handwriting blue
    grey = np.asarray(scan_image.drop_red_ink(image))
    assert grey.shape == (10, 40)
    assert (grey[:, :20] == 255).all()
    assert (grey[:, 20:30] < 60).all() and (grey[:, 30:] < 128).all()


@needs_tesseract
def test_a_red_stamp_leaves_no_debris():
    page = Image.open(SCANS / "stamped.png")
    stamped = [line for line in ocr.ocr_image(page).lines if line]
    upright = [line for line in ocr.ocr_image(Image.open(SCANS / "upright.png")).lines if line]
    assert len(stamped) == len(upright) == 13
    assert stamped[-4].endswith("báo cáo kết quả thực hiện trước ngày 30/3/2024.")
    assert stamped[-3:] == ["Nơi nhận:\tTRƯỞNG PHÒNG", "- Như trên;", "- Lưu: VT.\tNguyễn Văn Bình"]
    # The fixture has the problem: read in grey with the stamp, the rings become lines of debris.
    in_grey = [line for line in ocr.ocr_image(page.convert("L")).lines if line]
    assert len(in_grey) > len(upright)


def _line(block, *words):
    """An OcrLine from (text, left, right) words on one baseline band (top 100, bottom 130)."""
    return scan_layout.OcrLine(block, [scan_layout.Word(text, left, 100, right, 130) for text, left, right in words])


def test_columns_side_by_side_become_one_row_of_cells():
    left = _line(1, ("Số:", 200, 250), ("215/TCKH-NS", 260, 420))
    right = _line(2, ("An", 800, 840), ("Phú,", 850, 910), ("ngày", 920, 980))
    assert scan_layout.layout_rows([right, left]) == [(100, "Số: 215/TCKH-NS\tAn Phú, ngày")]


def test_a_wide_gap_inside_one_tesseract_line_is_a_column_break():
    glued = _line(1, ("Nơi", 100, 150), ("nhận:", 160, 240), ("TRƯỞNG", 900, 1040), ("PHÒNG", 1050, 1160))
    assert scan_layout.layout_rows([glued]) == [(100, "Nơi nhận:\tTRƯỞNG PHÒNG")]


def test_running_text_keeps_its_lines_and_paragraph_breaks():
    first = _line(1, ("Thực", 100, 170), ("hiện", 180, 240))
    second = scan_layout.OcrLine(1, [scan_layout.Word("Kế", 100, 150, 140, 180), scan_layout.Word("hoạch", 150, 150, 240, 180)])
    other = scan_layout.OcrLine(2, [scan_layout.Word("Điều", 100, 250, 170, 280)])
    assert scan_layout.layout_rows([other, second, first]) == [(100, "Thực hiện"), (150, "Kế hoạch"), (250, ""),
                                                       (250, "Điều")]


@needs_tesseract
def test_the_signer_beside_the_recipients_is_found():
    loaded = load(SCANS / "stamped.png", "image")
    header = extract(Text.from_lines(loaded.lines)).header
    assert (header.number, header.symbol, header.date) == ("215", "TCKH-NS", "2024-03-12")
    assert header.signer == "Nguyễn Văn Bình" and header.signer_title == "TRƯỞNG PHÒNG"


# ------------------------------------------------------------------ the pages table

@needs_tesseract
def test_pages_table_and_warnings(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "letter.pdf").write_bytes((SCANS / "garbage_layer.pdf").read_bytes())
    (folder / "turned.png").write_bytes((SCANS / "rotated_180.png").read_bytes())
    for worn in ("shaded.jpg", "dark_margins.jpg", "low_resolution.png"):
        (folder / worn).write_bytes((SCANS / worn).read_bytes())
    Image.new("L", (800, 600), 255).save(folder / "blank.png")     # a page with nothing to read
    db_path = tmp_path / "r.db"
    ingest([folder], db_path, workers=1)
    db = open_db(db_path)
    rows = {r["path"]: r for r in db.query(
        "select f.path, f.status, f.warnings, p.page, p.source, p.why, p.rotation, p.ocr_confidence, p.characters "
        "from files f left join pages p on p.file_id = f.id")}
    assert rows["letter.pdf"]["source"] == "ocr" and rows["letter.pdf"]["why"].startswith("text layer not Vietnamese")
    assert rows["letter.pdf"]["characters"] > 400 and rows["letter.pdf"]["warnings"] is None
    assert rows["turned.png"]["rotation"] == 180 and rows["turned.png"]["ocr_confidence"] > 85
    assert rows["blank.png"]["status"] == "empty" and rows["blank.png"]["page"] is None
    # what was done to a worn page is on its row; a clean one says only how it was read
    assert rows["turned.png"]["why"] == "scanned image"
    assert rows["shaded.jpg"]["why"] == "scanned image; uneven light evened out"
    assert rows["dark_margins.jpg"]["why"] == "scanned image; dark margins whitened"
    assert rows["low_resolution.png"]["why"] == "scanned image; small print read enlarged 2.3x"


def test_files_warnings_list_the_doubtful_pages():
    reads = [textlayer.PageRead(1, "text", "text layer: 97% Vietnamese syllables", 1800),
             textlayer.PageRead(2, "ocr", "no text layer", 900, 0, 41.0, textlayer.ocr_warning(2, 41.0)),
             textlayer.PageRead(3, "ocr", "no text layer", 0, 0, None, textlayer.ocr_warning(3, None))]
    assert textlayer.warnings(reads) == ("page 2: OCR confidence 41 (below 60): check the scan; "
                                         "page 3: OCR found no text: check the scan")
    assert textlayer.warnings(reads[:1]) is None


@pytest.mark.parametrize("rows, joined", [
    ([(1, "Căn cứ Quyết định số 7619/QĐ-"), (2, "BCA ngày 12/10/2021 của Bộ Công an;")],
     [(1, "Căn cứ Quyết định số 7619/QĐ-BCA"), (2, "ngày 12/10/2021 của Bộ Công an;")]),
    ([(1, "theo Nghị định số 42/2022/NĐ-"), (2, "CP.")], [(1, "theo Nghị định số 42/2022/NĐ-CP"), (2, ".")]),
    ([(1, "Kế hoạch số 12/KH-"), (2, "UBND")], [(1, "Kế hoạch số 12/KH-UBND")]),
    # Not a cut symbol: a dash ending a clause, a word starting the next line.
    ([(1, "giai đoạn 2021 -"), (2, "UBND tỉnh")], [(1, "giai đoạn 2021 -"), (2, "UBND tỉnh")]),
    ([(1, "số 12/KH-"), (2, "Ủy ban nhân dân")], [(1, "số 12/KH-"), (2, "Ủy ban nhân dân")]),
])
def test_a_symbol_cut_by_the_line_end_is_joined(rows, joined):
    assert scan_layout.join_broken_symbols(rows) == joined


@pytest.mark.parametrize("text, restored", [
    ("~ Trên 50% dân số trưởng thành có chữ ký số", "- Trên 50% dân số trưởng thành có chữ ký số"),
    ("~- Chịu trách nhiệm phối hợp với đơn vị chủ trì", "- Chịu trách nhiệm phối hợp với đơn vị chủ trì"),
    ("-~ Tỷ lệ văn bản được ký số đạt 90%", "- Tỷ lệ văn bản được ký số đạt 90%"),
    ("- Trên 50% dân số", "- Trên 50% dân số"),                    # a dash read right stays
    ("~Trên 50% dân số", "~Trên 50% dân số"),                      # glued to a word: not a bullet mark
    ("Khoảng ~ 20 người", "Khoảng ~ 20 người"),                    # inside the row: left alone
    ("TT\t~ Nội dung", "TT\t~ Nội dung"),                          # not at the row's start
])
def test_a_bullet_dash_read_as_a_tilde_is_restored(text, restored):
    assert scan_layout.restore_bullet_dashes([(5, text)]) == [(5, restored)]


@needs_tesseract
def test_ocr_reports_each_page_to_the_progress_callback(tmp_path):
    from pipeline.discover import discover
    from pipeline.ingest import ingest_files

    folder = tmp_path / "in"
    folder.mkdir()
    first, second = Image.open(SCANS / "upright.png").convert("L"), Image.open(SCANS / "rotated_180.png").convert("L")
    first.save(folder / "two_pages.tif", save_all=True, append_images=[second])
    seen = []
    ingest_files(discover([folder]), tmp_path / "r.db", workers=1,
                 on_progress=lambda found, message: seen.append((found.rel, str(message))))
    assert seen == [("two_pages.tif", "OCR page 1/2"), ("two_pages.tif", "OCR page 2/2")]


@needs_tesseract
@pytest.mark.skipif(shutil.which("ocrmypdf") is None, reason="needs OCRmyPDF (apt-get install ocrmypdf)")
def test_ingest_writes_searchable_pdfs_of_the_scans_only(tmp_path):
    import pypdfium2
    from click.testing import CliRunner

    from pipeline.cli import cli

    folder = tmp_path / "in" / "letters"
    folder.mkdir(parents=True)
    (folder / "turned.png").write_bytes((SCANS / "rotated_90.png").read_bytes())
    (folder / "note.txt").write_text("Thực hiện Kế hoạch số 87/KH-UBND ngày 18/01/2024 của UBND huyện.\n", encoding="utf-8")
    out = tmp_path / "searchable"
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "r.db"),
                                      "--ocr-pdf", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "Searchable PDFs: 1 written" in result.output
    assert [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()] == ["letters/turned.png.pdf"]
    document = pypdfium2.PdfDocument(str(out / "letters" / "turned.png.pdf"))
    layer = document[0].get_textpage().get_text_range()
    assert "1520/QĐ-UBND" in layer and "Nghị định số 24/2023/NĐ-CP" in layer


def test_the_pages_table_is_described_for_datasette(tmp_path):
    import yaml

    from pipeline.store import SCHEMA

    metadata = yaml.safe_load((Path(__file__).resolve().parent.parent / "pipeline" / "datasette" / "metadata.yml")
                              .read_text(encoding="utf-8"))
    tables = metadata["databases"]["reports"]["tables"]
    assert set(SCHEMA["pages"]) - {"id"} == set(tables["pages"]["columns"])
    assert "warnings" in tables["files"]["columns"]
    assert all(text.rstrip().endswith(")") for text in tables["pages"]["columns"].values())   # English gloss


def test_pruning_a_scanned_file_forgets_its_pages(tmp_path):
    from pipeline.store import delete_files, record_file

    db = open_db(tmp_path / "r.db")
    file_id = record_file(db, {"path": "scan.pdf", "status": "error", "error": "x",
                               "page_rows": [{"page": 1, "source": "ocr", "why": "no text layer", "characters": 0}]})
    assert db.execute("select count(*) from pages where file_id = ?", [file_id]).fetchone()[0] == 1
    delete_files(db, [file_id])
    assert db.execute("select count(*) from pages").fetchone()[0] == 0
    assert db.execute("select count(*) from files").fetchone()[0] == 0
