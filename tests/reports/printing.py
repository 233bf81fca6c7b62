"""How a worksheet prints, computed from its widths and page setup alone (as Excel lays it out: a column
of width w is 7w + 5 px at 96 dpi), and helpers to see workbooks and pages as PDFs where LibreOffice,
poppler and Chromium are installed. Review images go under var/review/ (git-ignored)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from openpyxl.utils import get_column_letter, range_boundaries

A4_LANDSCAPE_INCHES = (297 / 25.4, 210 / 25.4)
REVIEW_DIR = Path(settings.BASE_DIR) / "var" / "review"


def column_px(ws, column: int) -> float:
    return 7 * (ws.column_dimensions[get_column_letter(column)].width or 8.43) + 5


def print_title_columns(ws) -> list[int]:
    if not ws.print_title_cols:
        return []
    first, last = (part.strip("$") for part in ws.print_title_cols.split(":"))
    low, _, high, _ = range_boundaries(f"{first}1:{last}1")
    return list(range(low, high + 1))


def printed_parts(ws) -> list[list[int]]:
    """The columns each printed part shows, repeated print-title columns included."""
    breaks = sorted(b.id for b in ws.col_breaks.brk)
    bounds = [0, *breaks, ws.max_column]
    titles = print_title_columns(ws)
    parts = []
    for low, high in zip(bounds, bounds[1:], strict=False):
        own = list(range(low + 1, high + 1))
        parts.append(sorted(set(titles) | set(own)) if low else own)
    return parts


def print_scale(ws) -> float:
    """The scale the sheet prints at on A4 landscape: fitted to one page wide, or its fixed scale; a fixed
    scale at which a part would not fit the page is refused (the printer would cut it again)."""
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == "9", ws.title
    printable = (A4_LANDSCAPE_INCHES[0] - ws.page_margins.left - ws.page_margins.right) * 96
    if ws.sheet_properties.pageSetUpPr.fitToPage:
        assert ws.page_setup.fitToWidth == 1 and not ws.col_breaks.brk, ws.title
        return min(1.0, printable / sum(column_px(ws, c) for c in range(1, ws.max_column + 1)))
    scale = (ws.page_setup.scale or 100) / 100
    for part in printed_parts(ws):
        width = sum(column_px(ws, c) for c in part)
        assert width * scale <= printable + 1, f"{ws.title}: a part of {width:.0f} px does not fit at {scale:.0%}"
    return scale


def smallest_printed_pt(ws) -> float:
    """The smallest font on the sheet as it comes out of the printer (points)."""
    sizes = [cell.font.size or 11 for row in ws.iter_rows() for cell in row if cell.value not in (None, "")]
    return min(sizes) * print_scale(ws)


def missing(*programs: str) -> list[str]:
    """The programs (and Calibri's metrics, which the column widths are measured in) not installed."""
    absent = [p for p in programs if shutil.which(p) is None]
    if shutil.which("fc-match"):
        font = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True).stdout
        if "Carlito" not in font and "Calibri" not in font:
            absent.append("fonts-crosextra-carlito")
    return absent


def to_pdf(files: list[Path], out_dir: Path) -> None:
    """LibreOffice converts the files (one process for all: it starts slowly)."""
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )


def pdf_pages(pdf: Path) -> list[dict]:
    """Each page's size in points and its text (pdftotext -raw, whitespace removed)."""
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    sizes = [
        line.split(":", 1)[1].split("pts")[0].split(" x ")
        for line in info.splitlines()
        if line.startswith("Page") and "size:" in line
    ]
    pages = []
    for number, (width, height) in enumerate(sizes, start=1):
        text = subprocess.run(
            ["pdftotext", "-raw", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages.append({"width": float(width), "height": float(height.split()[0]), "text": "".join(text.split())})
    return pages


def keep_pngs(pdf: Path, name: str) -> None:
    """Pages as PNGs under var/review/ for a person to look at."""
    target = REVIEW_DIR / name
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(f"{target.name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(target)], check=True, timeout=120)
