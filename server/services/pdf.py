"""What every PDF of the platform shares: the CJK font, text that is never read as markup, a QR code."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

import qrcode
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Image, Paragraph

CJK = "STSong-Light"  # a CID font built into every PDF reader: no font file to ship


def font() -> str:
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))
    return CJK


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
