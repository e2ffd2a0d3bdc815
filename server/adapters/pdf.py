"""What every PDF of the platform shares: the CJK font, text that is never read as markup, a QR code."""
from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, TableStyle

# A TrueType CJK font with Latin letters, shipped with the project (Apache-2.0, server/fonts/README.md). Each PDF
# embeds the subset of glyphs it uses: a reader's built-in CID fonts (STSong-Light) print blank where missing.
CJK = "WenQuanYiMicroHei"
CJK_FILE = Path(__file__).resolve().parent.parent / "fonts" / "wqy-microhei.ttc"


def font() -> str:
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(CJK, str(CJK_FILE), subfontIndex=0))
    return CJK


def document(buffer, title: str, *, side_mm: float = 18, top_mm: float = 15, bottom_mm: float | None = None,
             author: str = "发展党员质量保证平台") -> SimpleDocTemplate:
    """An A4 document whose every font is the embedded CJK one (even the canvas's initial font)."""
    return SimpleDocTemplate(buffer, pagesize=A4, leftMargin=side_mm * mm, rightMargin=side_mm * mm,
                             topMargin=top_mm * mm, bottomMargin=(bottom_mm if bottom_mm is not None else top_mm) * mm,
                             title=title, author=author, initialFontName=font())


def table_style(*commands) -> TableStyle:
    """A table's style whose cells use the embedded font (a table's own default would be Helvetica, not embedded)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), font()), *commands])


def style(name: str, size: float = 10.5, leading: float | None = None, align: int = 0) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font(), fontSize=size, leading=leading or size * 1.5, alignment=align)


def text(value, paragraph_style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: names and what users typed are escaped, never read as reportlab markup."""
    return Paragraph(escape(str(value or "")).replace("\n", "<br/>"), paragraph_style)


def qr_svg(url: str) -> str:
    """The QR of a link as SVG markup, for a screen to show as an image."""
    import qrcode.image.svg

    return qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2).to_string(
        encoding="unicode")


def qr(url: str, size_mm: float = 32) -> Image:
    buffer = io.BytesIO()
    qrcode.make(url, box_size=8, border=1).save(buffer, format="PNG")
    buffer.seek(0)
    return Image(buffer, width=size_mm * mm, height=size_mm * mm)
