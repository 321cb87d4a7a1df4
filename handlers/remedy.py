"""What a refused resident can do: 《行政许可法》第三十八条 wants the reasons and the right to appeal or sue
told with every refusal; departments.yaml ``remedy`` says to whom (see the article notes there)."""

from __future__ import annotations

from handlers.catalog import Catalog
from handlers.context import Translate


def contact(department: str, catalog: Catalog, lang: str, t: Translate) -> str:
    """The department's phone and window, or the 12345 hotline where its phone is not known."""
    dept, remedy = catalog.departments[department], catalog.remedy
    parts = [dept.phone] if dept.phone else []
    if dept.window:
        parts.append(dept.window.get(lang))
    if not dept.phone:
        parts.append(t(lang, "remedy.hotline", hotline=remedy.hotline if remedy else "12345"))
    return t(lang, "remedy.or").join(parts)


def remedy_lines(department: str, catalog: Catalog, lang: str, t: Translate) -> list[str]:
    """After a refusal: appeal and lawsuit limits with the body to apply to, whom to ask, what to do next."""
    dept, remedy = catalog.departments[department], catalog.remedy
    name = dept.name.get(lang)
    lines = [t(lang, "remedy.title")]
    if dept.administrative:
        body = dept.reconsideration or (remedy.reconsideration if remedy else None)
        said = body.get(lang) if body else t(lang, "remedy.body_unknown")
        lines += [t(lang, "remedy.reconsideration", body=said), t(lang, "remedy.lawsuit")]
        if not (remedy and remedy.confirmed):
            lines.append(t(lang, "remedy.letter_governs", department=name))
    else:
        lines.append(t(lang, "remedy.not_administrative", department=name))
    lines.append(t(lang, "remedy.contact", department=name, contact=contact(department, catalog, lang, t)))
    lines.append(t(lang, "remedy.next"))
    return lines
