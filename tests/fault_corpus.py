"""Build the files an uncleaned archive holds, on demand, so no broken binary is checked in.

`build(folder)` writes one file (or link) per fault and returns what ingest
must record for each: {files.path: (status, reason pattern)}. The PDFs are
written by hand (a few objects, Helvetica text) so that truncation, a broken
cross-reference table and RC4 encryption can be produced exactly.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
import zipfile
from pathlib import Path

REPORT = [
    "UY BAN NHAN DAN THI XA DUC PHO",
    "So: 12/BC-UBND",
    "BAO CAO",
    "Ket qua thuc hien Ke hoach so 3225/KH-UBND ngay 22/12/2022 cua UBND thi xa",
    "Ty le ho so truc tuyen dat 61,4%.",
]

VIETNAMESE_REPORT = (
    "ỦY BAN NHÂN DÂN THỊ XÃ ĐỨC PHỔ\nSố: 12/BC-UBND\nBÁO CÁO\n"
    "Kết quả thực hiện Kế hoạch số 3225/KH-UBND ngày 22/12/2022 của UBND thị xã Đức Phổ\n"
    "Tỷ lệ hồ sơ trực tuyến đạt 61,4%.\n"
)

# --- PDF -------------------------------------------------------------------

_PASSWORD_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")
_FILE_ID = bytes(range(16))


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: str) -> bytes:
    return (password.encode("latin-1") + _PASSWORD_PAD)[:32]


def _security(user_password: str, owner_password: str = "owner") -> tuple[bytes, bytes, bytes]:
    """The file key and the /O and /U entries of the standard security handler, revision 2 (RC4, 40 bits)."""
    owner = _rc4(hashlib.md5(_padded(owner_password)).digest()[:5], _padded(user_password))
    permissions = (-4).to_bytes(4, "little", signed=True)
    key = hashlib.md5(_padded(user_password) + owner + permissions + _FILE_ID).digest()[:5]
    return key, owner, _rc4(key, _PASSWORD_PAD)


def make_pdf(pages: list[list[str]], user_password: str | None = None) -> bytes:
    """A PDF with one Helvetica line per string; encrypted (RC4) when a user password is given ("" too)."""
    key = owner = user = None
    if user_password is not None:
        key, owner, user = _security(user_password)
    n_pages = len(pages)
    font_id = 3
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n_pages))
           + b"] /Count %d >>" % n_pages,
        font_id: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for i, lines in enumerate(pages):
        page_id, content_id = 4 + 2 * i, 5 + 2 * i
        text = b"BT /F1 11 Tf 14 TL 60 780 Td " + b" ".join(
            b"(" + line.encode("latin-1").replace(b"(", b"\\(").replace(b")", b"\\)") + b") Tj T*" for line in lines
        ) + b" ET"
        if key:
            text = _rc4(hashlib.md5(key + content_id.to_bytes(3, "little") + b"\0\0").digest()[:10], text)
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font_id, content_id))
        objects[content_id] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
    if key:
        objects[len(objects) + 1] = (b"<< /Filter /Standard /V 1 /R 2 /O <" + owner.hex().encode()
                                     + b"> /U <" + user.hex().encode() + b"> /P -4 >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in sorted(objects))
    trailer = b"<< /Size %d /Root 1 0 R /ID [<%s> <%s>]" % (len(objects) + 1, _FILE_ID.hex().encode(), _FILE_ID.hex().encode())
    if key:
        trailer += b" /Encrypt %d 0 R" % len(objects)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def break_xref(pdf: bytes) -> bytes:
    """The same PDF with every cross-reference offset and the startxref pointer wrong."""
    head, _, tail = pdf.partition(b"xref\n")
    table, _, trailer = tail.partition(b"trailer\n")
    lines = table.split(b"\n")
    broken = lines[:2] + [b"%010d 00000 n " % (7 * i + 3) for i in range(len(lines) - 3)] + [b""]
    trailer = trailer.replace(b"startxref\n%d" % len(head), b"startxref\n%d" % (len(head) // 3))
    return head + b"xref\n" + b"\n".join(broken) + b"trailer\n" + trailer


# --- other formats -----------------------------------------------------------

def to_windows_1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: precomposed where the code page has the letter, else base + tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
            out += base.encode("cp1258") + "".join(c for c in decomposed if c in tones).encode("cp1258")
    return bytes(out)


def write_zip_bomb(path: Path, unpacked_mb: int) -> None:
    """A .docx whose word/document.xml unpacks to `unpacked_mb` MB of XML (it compresses ~1000:1)."""
    paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
    megabyte = (paragraph * ((1 << 20) // len(paragraph) + 1))[: 1 << 20]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(unpacked_mb):
                member.write(megabyte)


# --- the corpus ----------------------------------------------------------------

ENCRYPTED_REASON = r"^encrypted PDF: password required"


def build(folder: Path) -> dict[str, tuple[str, str]]:
    """Write the fault corpus into `folder`; return {files.path: (status, regex the reason must match)}."""
    folder.mkdir(parents=True, exist_ok=True)
    text_pages = [REPORT, [f"Trang 2 dong {i}" for i in range(20)], [f"Trang 3 dong {i}" for i in range(20)]]
    good_pdf = make_pdf(text_pages)
    expected: dict[str, tuple[str, str]] = {}

    def put(name: str, data: bytes, status: str, reason: str | None) -> None:
        (folder / name).write_bytes(data)
        expected[unicodedata.normalize("NFC", name)] = (status, reason or "")

    put("empty.txt", b"", "empty", r"^empty file \(0 bytes\): copy it again from its source$")
    put("empty.pdf", b"", "empty", r"^empty file \(0 bytes\)")
    put("empty.docx", b"", "empty", r"^empty file \(0 bytes\)")
    put("blank lines.txt", b"\n  \n\t\n", "empty", r"^no text in the file")
    put("truncated.pdf", good_pdf[: len(good_pdf) * 2 // 5], "error", r"PDF.*: (re-export|re-scan)")
    put("broken-xref.pdf", break_xref(good_pdf), "ok", None)
    put("encrypted-user-password.pdf", make_pdf(text_pages, user_password="secret"), "error", ENCRYPTED_REASON)
    put("encrypted-empty-password.pdf", make_pdf(text_pages, user_password=""), "ok", None)
    put("not-a-pdf.pdf", b"<html><body>404 Not Found</body></html>", "error", r"^not a PDF \(it starts with b'<html><b'\)")
    put("not-a-zip.docx", b"Bao cao so 12/BC-UBND\n", "error", r"^not a valid \.docx \(not a zip archive\): open and re-save it in Word$")
    put("password-protected.docx", bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504), "error",
        r"^password-protected or old-format Word file, not a \.docx: remove the password or save it as \.docx in Word$")
    write_zip_bomb(folder / "zip-bomb.docx", unpacked_mb=100)
    expected["zip-bomb.docx"] = ("error", r"^suspicious \.docx: word/document\.xml unpacks to 100\.0 MB from a [\d.]+ MB file "
                                          r"\(limit 64\.0 MB\), a zip bomb\? not read$")
    put("binary.txt", bytes(range(256)) * 64, "error", r"^binary data, not text \(NUL bytes\): check the file type$")
    put("scan.png.txt", b"\x89PNG\r\n\x1a\n" + bytes(200), "error", r"^not text: a PNG image named \.txt: rename it to \.png$")
    put("utf16.txt", VIETNAMESE_REPORT.encode("utf-16"), "ok", None)
    put("utf16-no-bom.txt", VIETNAMESE_REPORT.encode("utf-16-le"), "ok", None)
    put("windows-1258.txt", to_windows_1258(VIETNAMESE_REPORT), "ok", None)
    put("latin-1.txt", "Rapport annuel: activité économique, caféières\n".encode("latin-1"), "error",
        r"^not UTF-8 or Windows-1258 text \(byte 23\): re-save the file as UTF-8$")
    with open(folder / "one-100MB-line.txt", "wb") as f:
        f.truncate(0)
        block = b"x" * (1 << 20)
        for _ in range(100):
            f.write(block)
    expected["one-100MB-line.txt"] = ("error", r"^a line longer than 1\.0 MB without a line break: not report text \(a data dump\?\); split it into lines$")
    put("Báo cáo #3 tháng 6 năm 2023.txt", VIETNAMESE_REPORT.encode(), "ok", None)
    put(unicodedata.normalize("NFD", "Kế hoạch số 2 (bản NFD).txt"), VIETNAMESE_REPORT.encode(), "ok", None)
    (folder / os.fsdecode(b"bao c\xe1o latin-1 name.txt")).write_bytes(VIETNAMESE_REPORT.encode())
    expected["bao c\\xe1o latin-1 name.txt"] = ("ok", "")
    put("spreadsheet.xlsx", b"PK\x03\x04" + bytes(30), "unsupported",
        r"^unsupported file type '\.xlsx': baocao reads \.txt, \.docx")
    put("unreadable.txt", VIETNAMESE_REPORT.encode(), "error",
        r"^permission denied: make the file readable by the user running baocao$")
    os.chmod(folder / "unreadable.txt", 0)
    os.symlink("loop-b.txt", folder / "loop-a.txt")
    os.symlink("loop-a.txt", folder / "loop-b.txt")
    for name in ("loop-a.txt", "loop-b.txt"):
        expected[name] = ("error", r"^symbolic link loop: the link points \(via others\) back to itself; fix or delete it$")
    os.symlink("missing.txt", folder / "dangling.txt")
    expected["dangling.txt"] = ("error", r"^broken link or vanished file: its target does not exist$")
    (folder / "sub").mkdir()
    (folder / "sub" / "report.txt").write_bytes(VIETNAMESE_REPORT.encode())
    expected["sub/report.txt"] = ("ok", "")
    os.symlink("..", folder / "sub" / "loop-to-parent")
    expected["sub/loop-to-parent"] = ("unsupported", r"^link to a folder, not followed \(links can loop\): ingest the folder it points to$")
    os.mkfifo(folder / "named-pipe.txt")
    expected["named-pipe.txt"] = ("unsupported", r"^not a regular file \(named pipe, socket or device\): nothing to read$")
    return expected
