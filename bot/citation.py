"""What a citation names, shared by the console and Telegram: the article's title, outlet and date as far as it
names them, and the mark on an answer that is a photo caption. Each front end escapes and trims the parts its own
way (terminal control characters, HTML and UTF-16 limits)."""
from __future__ import annotations

# A photo caption answered (no body sentence did): the reader should know it is no sentence of the story.
CAPTION_MARKER = "(photo caption)"


def article_parts(title: str, site: str | None, date: str | None, source: str) -> list[str]:
    """Title, outlet and date as far as the article names them, whitespace runs collapsed; a title that is only
    the file name is left out (the citation shows the file anyway)."""
    parts = []
    title = " ".join(title.split())
    if title and title != source and title != source.rsplit(".", 1)[0]:
        parts.append(title)
    if site and site.strip():
        parts.append(" ".join(site.split()))
    if date:
        parts.append(date)
    return parts
