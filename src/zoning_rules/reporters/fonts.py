"""A PDF with Chinese needs a Chinese font: without one, WeasyPrint draws every 汉字 as an empty box
(tofu) and says nothing — a report an officer would sign without being able to read it.

Before a PDF is made, fontconfig (the font index WeasyPrint's Pango uses) is asked for a font that
covers Chinese; without one the PDF is refused, with the command that installs one.  The HTML report
(rendered by the reader's browser, with its own fonts) needs nothing.
"""
from __future__ import annotations

import shutil
import subprocess

from ..errors import ZoningError

INSTALL_HINT = ("install a Chinese font, e.g. `sudo apt-get install fonts-noto-cjk` (Debian/Ubuntu), "
                "`sudo dnf install google-noto-sans-cjk-fonts` (Fedora), or `brew install --cask "
                "font-noto-sans-cjk-sc` (macOS); or write `--format html`")


class MissingFontError(ZoningError):
    """The PDF cannot show Chinese on this machine."""


def chinese_fonts() -> list[str]:
    """Families fontconfig knows that cover Chinese (empty when none, or no fontconfig)."""
    fc = shutil.which("fc-list")
    if fc is None:
        return []
    try:
        out = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.strip() for line in out.stdout.splitlines() if line.strip()})


def require_chinese_font() -> None:
    if not chinese_fonts():
        raise MissingFontError("the PDF report needs a font with Chinese characters and none is installed "
                               "(its Chinese would print as empty boxes): " + INSTALL_HINT)
