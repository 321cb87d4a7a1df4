"""Reply text made fit to be read aloud (elder mode), before it goes to a speech engine.

A reply is written to be read: case numbers, phone numbers, dates, ㎡, masked ID numbers,
bullets, 【】 and [1] option markers. A speech engine reads those badly or not at all
(espeak-ng reads 13812345678 as a number in the billions, and spells a masked ID star by
star), so `speakable` rewrites them into words the engine reads well, in the reply's locale.
Digits that are read one by one stay ASCII digits separated by spaces: espeak-ng's Mandarin
voice reads each as 零 一 二 … and its English voice as zero one two ….

`short_for_speech` trims a long reply to its first sentences: elder mode reads one question
at a time, and a voice message of more than a minute is neither listened to nor accepted
everywhere (WeChat's limit is 60 s).

Pure functions, no I/O.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Callable

#: Roughly 40 s of speech at the elder rates (espeak-ng measured: ~2.9 hanzi/s, ~12.5 letters/s).
ELDER_LIMIT = {"zh": 110, "en": 500}

_ZH_DIGITS = "〇一二三四五六七八九"
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Said in place of an ID number, masked or not: a voice carries further than a screen.
_ID_HIDDEN = {"zh": "身份证号已隐去", "en": "ID number hidden"}
_PHONE_TAIL = {"zh": "尾号{}", "en": "ending in {}"}
_HIDDEN = {"zh": "已隐去", "en": "hidden"}
_OPTION = {"zh": "第{}项，", "en": "option {}, "}
_SQUARE_METRES = {"zh": "{}平方米", "en": "{} square metres"}
_GROUP_PAUSE = {"zh": "，", "en": ", "}
_SENTENCE_END = {"zh": "。", "en": "."}

_SENTENCE_MARKS = "。！？!?"
_CLAUSE_MARKS = "，,、；;：:"
_CLOSERS = "”’」』）)》〉\"'"


def lang_of(locale: str) -> str:
    """The language the rules follow: zh for any Chinese locale, en for everything else."""
    return "zh" if locale.lower().startswith("zh") else "en"


def speakable(text: str, locale: str) -> str:
    """`text` rewritten so that a speech engine reads it well in `locale` (zh_CN or en)."""
    lang = lang_of(locale)
    for rule in _RULES:
        text = rule(text, lang)
    return text


def short_for_speech(text: str, limit: int) -> str:
    """The first sentences of `text`, at most `limit` characters, ending after the first question.

    A first sentence longer than `limit` is cut at its last pause (，；：) before the limit, or
    at the limit itself, and given a full stop so the voice still falls at the end.
    """
    kept: list[str] = []
    size = 0
    for sentence in split_sentences(text):
        if kept and size + len(sentence.strip()) > limit:
            break
        kept.append(sentence)
        size += len(sentence.strip())
        if _is_question(sentence):
            break
    if not kept:
        return ""
    if size > limit:
        return _cut(kept[0], limit)
    return "".join(kept).strip()


def split_sentences(text: str) -> list[str]:
    """`text` split after each sentence end (。！？!? and a full stop before a space or the end)."""
    sentences: list[str] = []
    start = 0
    i = 0
    while i < len(text):
        char = text[i]
        ends = char in _SENTENCE_MARKS or (char == "." and (i + 1 == len(text) or text[i + 1].isspace()))
        i += 1
        if ends:
            while i < len(text) and (text[i] in _SENTENCE_MARKS or text[i] in _CLOSERS or text[i] == "."):
                i += 1
            while i < len(text) and text[i].isspace():
                i += 1
            sentences.append(text[start:i])
            start = i
    if text[start:].strip():
        sentences.append(text[start:])
    return sentences


def _is_question(sentence: str) -> bool:
    return bool(re.search(r"[?？][\s" + re.escape(_CLOSERS) + r"]*$", sentence))


def _cut(sentence: str, limit: int) -> str:
    head = sentence[:limit]
    pause = max(head.rfind(mark) for mark in _CLAUSE_MARKS)
    # A pause very near the start would leave almost nothing: cut at the limit then.
    if pause > limit // 3:
        head = head[:pause]
    head = head.rstrip(_CLAUSE_MARKS + " ")
    end = "." if head and head[-1].isascii() else "。"
    return head + end


# -- the rules, in the order they run ---------------------------------------------


def _fullwidth(text: str, lang: str) -> str:
    # Full-width digits and letters (１３８, ＬＧ) come from IME input copied into replies;
    # the rules below look for ASCII only.
    return text.translate(_FULLWIDTH)


_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "（），：；！？［］"}


def _markup(text: str, lang: str) -> str:
    text = re.sub(r"</?[A-Za-z][^<>]*>", "", text)
    text = html.unescape(text)
    # Markdown emphasis goes before masked values are looked for: **原件** is no masked name.
    text = re.sub(r"(?<![\w*])(\*\*|__)(?=[^\s*])(.+?)(?<=[^\s*])\1(?![\w*])", r"\2", text)
    # A markdown link says its text; the address is not worth hearing.
    text = re.sub(r"\[([^\[\]]+)\]\((?:https?://|/)[^)\s]*\)", r"\1", text)
    text = re.sub(r"(?:https?://|www\.)[^\s，。！？；、）)\]】]+", "", text)
    return text


_ID_LABEL = {
    "zh": r"(?:身份证(?:号码|号)?\s*[:：]?\s*)?",
    "en": r"(?:(?i:ID)(?:\s+(?i:card))?(?:\s+(?i:number|no\.?))?\s*:?\s*)?",
}


def _ids(text: str, lang: str) -> str:
    hidden_id = _ID_HIDDEN[lang]
    # Masked IDs (371*************27, as handlers.identity.mask_id writes them) and whole ones.
    text = re.sub(
        _ID_LABEL[lang] + r"(?<![0-9A-Za-z*])(?:\d[\dXx*]{13}[\dXx*]|\d[\dXx*]{16}[\dXx*])(?![0-9A-Za-z*])",
        lambda m: hidden_id if "*" in m.group() or re.search(r"\d{17}[\dXx]$", m.group()) else m.group(),
        text,
    )
    # A masked mobile (138****5678, as mask_phone writes it) is still worth its last four digits.
    text = re.sub(
        r"(?<![\d*])1\d{2}\*{4}(\d{4})(?![\d*])",
        lambda m: _PHONE_TAIL[lang].format(" ".join(m.group(1))),
        text,
    )
    # Any other masked value (a short "***") would be read as stars.
    text = re.sub(r"(?<![\w*])[\dXx]*\*{3,}[\dXx]*(?![\w*])", _HIDDEN[lang], text)
    # A masked name (张*, 欧***) is said as 张某, the way a clerk would say it.
    if lang == "zh":
        return re.sub(r"([\u4e00-\u9fff])\*+", r"\1某", text)
    return re.sub(r"\b([A-Za-z])\*+", r"\1.", text)


def _areas(text: str, lang: str) -> str:
    unit = r"(?:m2|m²|㎡|平方米|平米|sq\.?\s?m|square\s+met(?:re|er)s?)"
    pattern = r"(?<![\d.])(\d+(?:\.\d+)?)\s*" + unit + r"(?![A-Za-z0-9])"

    def say(m: re.Match[str]) -> str:
        number = m.group(1)
        if lang == "en" and number == "1":
            return "1 square metre"
        return _SQUARE_METRES[lang].format(number)

    return re.sub(pattern, say, text)


#: Case numbers (LG20261126-0001) and unified social credit codes (91370100MA3C5XXX1F).
_CASE_NUMBER = r"[A-Z]{1,4}\d{6,}(?:-\d{1,6})?"
_USCC = r"[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}"


def _codes(text: str, lang: str) -> str:
    # Some replies spell the case number already ("L G 2 0 2 6 … - 0 0 0 1", review.py does);
    # squeeze those back so that every case number is said the same way.
    text = re.sub(
        r"(?<![A-Za-z0-9])(?:[A-Z] ){1,4}(?:\d ){5,}\d(?: - (?:\d ){0,5}\d)?(?![A-Za-z0-9])",
        lambda m: m.group().replace(" ", ""),
        text,
    )
    pattern = rf"(?<![A-Za-z0-9-])(?:{_CASE_NUMBER}|{_USCC})(?![A-Za-z0-9])"
    return re.sub(pattern, lambda m: _spell_code(m.group(), lang), text)


def _spell_code(code: str, lang: str) -> str:
    parts = re.findall(r"[A-Z]+|\d+", code.split("-")[0])
    head = " ".join(" ".join(part) for part in parts)
    tails = [" ".join(tail) for tail in code.split("-")[1:]]
    return _GROUP_PAUSE[lang].join([head, *tails])


def _phones(text: str, lang: str) -> str:
    pause = _GROUP_PAUSE[lang]

    def groups(*parts: str) -> str:
        return pause.join(" ".join(part) for part in parts if part)

    # Mobile: 138 1234 5678 in three groups, the way people write them down.
    text = re.sub(
        r"(?<![\d+])(?:\+?86[\s-]?)?(1[3-9]\d)[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)",
        lambda m: groups(m.group(1), m.group(2), m.group(3)),
        text,
    )
    # Landline with its area code: 0539-1234567.
    text = re.sub(
        r"(?<![\d+])(0\d{2,3})[\s-]?(\d{7,8})(?!\d)",
        lambda m: groups(m.group(1), m.group(2)[:-4], m.group(2)[-4:]),
        text,
    )
    # Hotlines (12345, 110) are numbers only by the word before them.
    text = re.sub(
        r"((?:电话|热线|拨打|致电|(?i:hotline|call|phone|tel)\.?)[\s:：]*)(\d{3,8})(?!\d)",
        lambda m: m.group(1) + " ".join(m.group(2)),
        text,
    )
    # No count in these replies runs to nine digits: a run that long is an account or a code.
    return re.sub(r"(?<![\d.])\d{9,}(?![\d.])", lambda m: groups(*re.findall(r"\d{1,4}", m.group())), text)


def _dates(text: str, lang: str) -> str:
    def say(year: str | None, month: str | None, day: str | None, whole: str) -> str:
        try:
            dt.date(int(year or 2000), int(month or 1), int(day or 1))
        except ValueError:
            return whole
        return _say_date(year, month, day, lang)

    text = re.sub(
        r"(?<![\d.])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d|\.\d)",
        lambda m: say(m.group(1), m.group(2), m.group(3), m.group()),
        text,
    )
    text = re.sub(
        r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?",
        lambda m: say(m.group(1), m.group(2), m.group(3), m.group()),
        text,
    )
    text = re.sub(
        r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]",
        lambda m: say(None, m.group(1), m.group(2), m.group()),
        text,
    )
    if lang == "zh":
        text = re.sub(r"(?<!\d)(\d{4})\s*年", lambda m: _zh_year(m.group(1)) + "年", text)
    return text


def _say_date(year: str | None, month: str | None, day: str | None, lang: str) -> str:
    if lang == "zh":
        said = _zh_year(year) + "年" if year else ""
        said += _zh_number(int(month)) + "月" if month else ""
        return said + (_zh_number(int(day)) + "日" if day else "")
    words = [str(int(day))] if day else []
    words += [_EN_MONTHS[int(month) - 1]] if month else []
    return " ".join(words + ([year] if year else []))


def _zh_year(year: str) -> str:
    # Years are read digit by digit in Chinese: 二〇二六, never 两千零二十六.
    return "".join(_ZH_DIGITS[int(d)] for d in year)


def _zh_number(n: int) -> str:
    """1-99 in Chinese numerals (十二, 二十, 三十一)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens] + "十")
    return head + (_ZH_DIGITS[ones] if ones else "") if n else _ZH_DIGITS[0]


_TIME = r"(?:[01]?\d|2[0-3])[:：][0-5]\d"
_QUANTITY = r"\d+(?:\.\d+)?"


def _numbers(text: str, lang: str) -> str:
    # 第 3/5 步 (the progress line): a slash is read as "slash" otherwise.
    if lang == "zh":
        text = re.sub(r"第\s*(\d+)\s*/\s*(\d+)\s*步", r"第\1步，共\2步", text)
    # Ranges (3-5个工作日, 9:00-17:00); a spelled digit before the dash ("6 - 0") is no range.
    to = "到" if lang == "zh" else " to "
    text = re.sub(
        rf"(?<![\d.:])(?<!\d-)(?<!\d )({_TIME}|{_QUANTITY})\s*[-~～–—]\s*({_TIME}|{_QUANTITY})(?![\d:]|-\d)",
        lambda m: m.group(1) + to + m.group(2),
        text,
    )
    text = re.sub(rf"(?<!\d){_TIME}(?!\d)", lambda m: _say_time(m.group(), lang), text)
    if lang == "zh":
        text = re.sub(rf"({_QUANTITY})\s*[%％]", r"百分之\1", text)
        # espeak-ng's Mandarin voice drops the point of 2.5 altogether.
        text = re.sub(r"(?<=\d)\.(?=\d)", "点", text)
    return text


def _say_time(time: str, lang: str) -> str:
    hour, minute = (int(part) for part in re.split(r"[:：]", time))
    if lang == "zh":
        if minute == 0:
            return f"{hour}点"
        return f"{hour}点{'零' if minute < 10 else ''}{minute}分"
    if minute == 0:
        return f"{hour} o'clock" if hour <= 12 else f"{hour} hundred"
    return f"{hour} {'oh ' if minute < 10 else ''}{minute}"


def _markers(text: str, lang: str) -> str:
    # Numbered options ([1] 退休) are what elder mode answers by: say them as such.
    text = re.sub(r"\[(\d{1,2})\]\s*", lambda m: _OPTION[lang].format(m.group(1)), text)
    # 【标题】 and [Title]: the words stay, the brackets become a pause.
    pause = _GROUP_PAUSE[lang]
    text = re.sub(r"[【\[［〔]([^】\]］〕\n]*)[】\]］〕]\s*", lambda m: m.group(1).strip() + pause, text)
    text = re.sub(r"[ \t]+[·•|][ \t]+", pause, text)
    return text


#: Emoji and pictographs: symbol categories, plus the joiners and selectors that build emoji.
_DROPPED_CATEGORIES = ("So", "Sk", "Co", "Cs")
_DROPPED_CHARS = "\u200d\u200b\ufe0e\ufe0f\u20e3*_`~#>•◦▪▫●○■□◆◇★☆"


def _symbols(text: str, lang: str) -> str:
    text = re.sub(r"[\u2190-\u21ff\u27f5-\u27ff]", _GROUP_PAUSE[lang], text)  # arrows: 选择 → 确认
    text = "".join(c for c in text if not _dropped(c))
    # Commands (/menu) are typed, not spoken: the word alone is enough.
    return re.sub(r"(?<![\w/])/(?=[a-z]+\b)", "", text)


def _dropped(char: str) -> bool:
    if char in _DROPPED_CHARS or "\U0001f3fb" <= char <= "\U0001f3ff":
        return True
    return unicodedata.category(char) in _DROPPED_CATEGORIES and char not in "〇"


def _sentences(text: str, lang: str) -> str:
    end = _SENTENCE_END[lang]
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip(" ·，,、") for line in text.splitlines()]
    # A line break is a pause the eye sees; the ear needs a sentence end to hear it.
    said = [line if _ends(line) else line + end for line in lines if line]
    text = ("" if lang == "zh" else " ").join(said)
    text = re.sub(r"\s*([，,、；;：:])(?:\s*[，,、])+", r"\1", text)
    text = re.sub(r"[\s，,、]+([。！？!?.；;：:])", r"\1", text)
    text = re.sub(r"([。！？!?])[。.]+", r"\1", text)
    text = re.sub(r"\s*([，。！？；：、（）])\s*", r"\1", text)
    return text.strip()


def _ends(line: str) -> bool:
    bare = line.rstrip(_CLOSERS)
    return bool(bare) and bare[-1] in _SENTENCE_MARKS + _CLAUSE_MARKS + ".…"


_RULES: tuple[Callable[[str, str], str], ...] = (
    _fullwidth,
    _markup,
    _ids,
    _areas,
    _codes,
    _phones,
    _dates,
    _numbers,
    _markers,
    _symbols,
    _sentences,
)
