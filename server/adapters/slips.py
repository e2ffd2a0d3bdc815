"""Code slips as a PDF: eight per A4 page, each with its QR link, the code in large print and instructions."""
from __future__ import annotations

import io
from dataclasses import dataclass

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from server.adapters.pdf import CJK
from server.adapters.pdf import font as register_cjk_font

COLUMNS, ROWS = 2, 4
QR_SIZE = 104


@dataclass(frozen=True)
class SlipText:
    meeting: str
    session: str
    group_label: str
    vote_url: str  # where to type a code by hand


def _fit(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> str:
    while text and pdf.stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    return text


def render(text: SlipText, codes: list[tuple[str, str]]) -> bytes:
    """codes: (code as printed, link of its QR)."""
    register_cjk_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, pageCompression=1, initialFontName=CJK)
    pdf.setTitle(f"{text.session} 票码")
    page_w, page_h = A4
    slip_w, slip_h = page_w / COLUMNS, page_h / ROWS
    for index, (code, link) in enumerate(codes):
        slot = index % (COLUMNS * ROWS)
        if index and slot == 0:
            pdf.showPage()
        x = (slot % COLUMNS) * slip_w
        y = page_h - (slot // COLUMNS + 1) * slip_h
        _slip(pdf, text, code, link, x, y, slip_w, slip_h)
    pdf.save()
    return buffer.getvalue()


def _qr(pdf, data: str, x: float, y: float, size: float) -> None:
    """Draw a QR code as one filled path of horizontal runs (fast, and crisp at any print size)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    module = size / len(matrix)
    path = pdf.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * module
        start = None
        for col, dark in enumerate(row + [False]):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                path.rect(x + start * module, top, (col - start) * module, module)
                start = None
    pdf.drawPath(path, fill=1, stroke=0)


def _slip(pdf, text: SlipText, code: str, link: str, x: float, y: float, w: float, h: float) -> None:
    pdf.setDash(3, 3)
    pdf.setStrokeGray(0.6)
    pdf.rect(x + 4, y + 4, w - 8, h - 8)
    pdf.setDash()
    pad = 14
    pdf.setFillGray(0)
    pdf.setFont(CJK, 10.5)
    pdf.drawString(x + pad, y + h - 24, _fit(pdf, text.meeting, CJK, 10.5, w - 2 * pad))
    pdf.setFont(CJK, 9.5)
    pdf.drawString(x + pad, y + h - 38, _fit(pdf, f"{text.session}（{text.group_label}票码）", CJK, 9.5, w - 2 * pad))
    _qr(pdf, link, x + pad, y + h - 48 - QR_SIZE, QR_SIZE)
    text_x = x + pad + QR_SIZE + 12
    lines = ["① 用手机扫描左侧二维码投票；", "   或用浏览器打开下面的网址", "   输入票码：",
             _fit(pdf, text.vote_url, CJK, 7.5, w - (text_x - x) - pad), "② 每张票码只能投一次，", "   投票不记名，请勿外传。"]
    for i, line in enumerate(lines):
        size = 7.5 if i == 3 else 9
        pdf.setFont(CJK, size)
        pdf.drawString(text_x, y + h - 58 - i * 14, line)
    pdf.setFont(CJK, 16)  # the embedded font for the code too: nothing relies on the reader's fonts
    pdf.drawCentredString(x + w / 2, y + 20, code)
