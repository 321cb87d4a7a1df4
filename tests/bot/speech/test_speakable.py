"""Reply text made speakable (bot/speech/speakable.py), rule by rule in both languages.

The last tests hand the results to espeak-ng itself and read back its phonemes, so that a
rule that looks right here but that the voice reads wrongly (digits as a big number, hanzi
as English pinyin) fails too.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from bot.speech.speakable import short_for_speech, speakable, split_sentences

ZH = [
    # case numbers, character by character; the spelled form review.py writes says the same
    ("办件编号 LG20261126-0001，请记好。", "办件编号 L G 2 0 2 6 1 1 2 6，0 0 0 1，请记好。"),
    ("提交成功，办件编号 L G 2 0 2 6 1 1 2 6 - 0 0 0 1。", "提交成功，办件编号 L G 2 0 2 6 1 1 2 6，0 0 0 1。"),
    ("信用代码 91370100MA3C5XXX1F", "信用代码 9 1 3 7 0 1 0 0 M A 3 C 5 X X X 1 F。"),
    # phone numbers, digit by digit in the groups people write down
    ("联系电话：13812345678", "联系电话：1 3 8，1 2 3 4，5 6 7 8。"),
    ("手机 +86 138-1234-5678", "手机 1 3 8，1 2 3 4，5 6 7 8。"),
    ("固话 0539-7654321", "固话 0 5 3 9，7 6 5，4 3 2 1。"),
    ("拨打12345热线", "拨打1 2 3 4 5热线。"),
    ("１３８１２３４５６７８", "1 3 8，1 2 3 4，5 6 7 8。"),
    # dates in words
    ("截止日期 2026-12-03。", "截止日期 二〇二六年十二月三日。"),
    ("2026年12月3日前办结", "二〇二六年十二月三日前办结。"),
    ("2026/1/20", "二〇二六年一月二十日。"),
    ("12月31日", "十二月三十一日。"),
    ("2026年", "二〇二六年。"),
    ("2026-02-30 不是日期", "2026-02-30 不是日期。"),
    # areas
    ("面积 300 m2", "面积 300平方米。"),
    ("面积 300㎡", "面积 300平方米。"),
    ("面积 300平方米", "面积 300平方米。"),
    ("面积 85.5m²", "面积 85点5平方米。"),
    # masked and whole ID numbers are never read out
    ("身份证号：371*************27", "身份证号已隐去。"),
    ("证件 371*************27，请核对", "证件 身份证号已隐去，请核对。"),
    ("身份证 370102199001011234", "身份证号已隐去。"),
    ("申请人 张*，手机 138****5678", "申请人 张某，手机 尾号5 6 7 8。"),
    # emoji, markup, option markers, URLs
    ("【退休一件事】一次告知", "退休一件事，一次告知。"),
    ("• 身份证 · 社保局\n• 户口本", "身份证，社保局。户口本。"),
    ("请选择：\n[1] 是\n[2] 否", "请选择：第1项，是。第2项，否。"),
    ("办好了 ✅👍🏽", "办好了。"),
    ("详见 https://example.gov.cn/a?b=1 。", "详见。"),
    ("<b>注意</b>：**请带原件**", "注意：请带原件。"),
    ("或发送 /menu 回来", "或发送 menu 回来。"),
    # numbers that are no codes
    ("第 3/5 步", "第3步，共5步。"),
    ("工作时间 9:00-17:30", "工作时间 9点到17点30分。"),
    ("3-5个工作日", "3到5个工作日。"),
    ("减免 50%", "减免 百分之50。"),
    # pauses: a line break is a sentence end, punctuation stays
    ("您好！\n请问您要办什么？\n（可稍后补交）", "您好！请问您要办什么？（可稍后补交）。"),
    ("第一行\n\n第二行：\n第三行", "第一行。第二行：第三行。"),
    ("", ""),
    ("😀", ""),
]

EN = [
    ("Your case LG20261126-0001 is done", "Your case L G 2 0 2 6 1 1 2 6, 0 0 0 1 is done."),
    (
        "Submitted. Your application number is L G 2 0 2 6 1 1 2 6 - 0 0 0 1.",
        "Submitted. Your application number is L G 2 0 2 6 1 1 2 6, 0 0 0 1.",
    ),
    ("Call 138 1234 5678 or 0539-7654321.", "Call 1 3 8, 1 2 3 4, 5 6 7 8 or 0 5 3 9, 7 6 5, 4 3 2 1."),
    ("Hotline: 12345", "Hotline: 1 2 3 4 5."),
    ("Due by 2026-12-03.", "Due by 3 December 2026."),
    ("2026年12月3日", "3 December 2026."),
    ("From 2026-12-01 to 2026-12-05", "From 1 December 2026 to 5 December 2026."),
    ("Area: 300 m2", "Area: 300 square metres."),
    ("Area: 300㎡", "Area: 300 square metres."),
    ("Area: 300平方米", "Area: 300 square metres."),
    ("Area: 1 sq m", "Area: 1 square metre."),
    ("ID number: 371*************27", "ID number hidden."),
    ("Applicant's ID 371*************27, phone 138****5678", "Applicant's ID number hidden, phone ending in 5 6 7 8."),
    ("[Retirement] Everything you will need", "Retirement, Everything you will need."),
    ("Please choose:\n[1] Yes\n[2] No", "Please choose: option 1, Yes. option 2, No."),
    ("• ID card\n• Household register 📄", "ID card. Household register."),
    ("See [the guide](https://example.org/a) or https://example.org/b now", "See the guide or now."),
    ("Open 9:00-17:30, 3-5 working days", "Open 9 o'clock to 17 30, 3 to 5 working days."),
    ("Step 3 of 5\nWhat is your date of birth?", "Step 3 of 5. What is your date of birth?"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "said"), ZH)
def test_zh(text: str, said: str) -> None:
    assert speakable(text, "zh_CN") == said


@pytest.mark.parametrize(("text", "said"), EN)
def test_en(text: str, said: str) -> None:
    assert speakable(text, "en") == said


def test_is_idempotent() -> None:
    """The cache key is the speakable text: running the rules twice must not change it again."""
    for text, _ in ZH:
        once = speakable(text, "zh_CN")
        assert speakable(once, "zh_CN") == once, text
    for text, _ in EN:
        once = speakable(text, "en")
        assert speakable(once, "en") == once, text


def test_split_sentences() -> None:
    assert split_sentences("您好！请问？好的。") == ["您好！", "请问？", "好的。"]
    assert split_sentences("It costs 2.5 yuan. Fine! Next") == ["It costs 2.5 yuan. ", "Fine! ", "Next"]
    assert split_sentences("“办好了。”然后") == ["“办好了。”", "然后"]


SHORT = [
    # stops after the first question: elder mode reads one question at a time
    ("第3步，共5步。您的出生日期是？请输入日期。", 150, "第3步，共5步。您的出生日期是？"),
    ("Step 3 of 5. What is your date of birth? Type it like this.", 500, "Step 3 of 5. What is your date of birth?"),
    # whole sentences only, as many as fit
    ("一二三四五。六七八九十。一二三四五。", 12, "一二三四五。六七八九十。"),
    ("One two. Three four. Five six.", 20, "One two. Three four."),
    # a first sentence too long for the limit is cut at a pause, or at the limit
    ("一二三四五六七八，九十一二三四五六七八九十。", 12, "一二三四五六七八。"),
    ("一二三四五六七八九十一二三四五六七八九十", 10, "一二三四五六七八九十。"),
    ("One two three four, five six seven eight nine.", 30, "One two three four."),
    ("", 10, ""),
]


@pytest.mark.parametrize(("text", "limit", "short"), SHORT)
def test_short_for_speech(text: str, limit: int, short: str) -> None:
    assert short_for_speech(text, limit) == short


# -- what espeak-ng makes of it -------------------------------------------------------

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
#: The voices bot.speech.tts.EspeakTTS uses.
VOICE = {"zh_CN": "cmn-latn-pinyin", "en": "en"}


def phonemes(text: str, locale: str) -> str:
    """espeak-ng's phoneme mnemonics for `text`, one word after another."""
    command = ["espeak-ng", "-q", "-x", "-b", "1", "-v", VOICE[locale]]
    done = subprocess.run(command, input=text.encode(), capture_output=True, check=True, timeout=30)
    return " ".join(done.stdout.decode().split())


@needs_espeak
@pytest.mark.parametrize(("text", "_said"), [row for row in ZH if row[1]])
def test_zh_voice_reads_no_english(text: str, _said: str) -> None:
    """The Mandarin voice says every speakable reply in Mandarin: no switch to English ("(en)")."""
    assert "(en)" not in phonemes(speakable(text, "zh_CN"), "zh_CN")


@needs_espeak
def test_zh_voice_reads_digits_one_by_one() -> None:
    # 一 三 八 … 八: eleven syllables, none of 亿 千 百 十 that a number in the billions would have.
    said = phonemes(speakable("13812345678", "zh_CN"), "zh_CN")
    assert said.count("j'i55") == 2 and said.count("p'A55") == 2
    assert "tS;h'iE55n" not in said and "pai" not in said


@needs_espeak
def test_zh_voice_reads_year_digit_by_digit() -> None:
    said = phonemes(speakable("2026-12-03", "zh_CN"), "zh_CN")
    assert said.startswith("'@r51_| l'i35N_| '@r51_| l'iou51_| n'iE35n_|")  # 二 〇 二 六 年


@needs_espeak
def test_en_voice_reads_digits_one_by_one() -> None:
    said = phonemes(speakable("Call 13812345678", "en"), "en")
    assert said.count("w'0n") == 2 and "T'aUz@nd" not in said and "bIlj@n" not in said
