"""Text clean-up and tokens shared by the index and the query side."""

from __future__ import annotations

import re
import unicodedata

#: Phrases injected into the scraped source pages; they stand where ordinary words were.
SPAM = ("开元官方网站直接进入", "开元官方网站")

#: Words that carry no topic in a request ("我想问一下怎么办"), Chinese and English.
STOP_ZH = frozenset(
    {
        "的",
        "了",
        "吗",
        "呢",
        "啊",
        "吧",
        "呀",
        "哦",
        "嘛",
        "么",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "我",
        "你",
        "您",
        "他",
        "她",
        "我们",
        "咱",
        "想",
        "要",
        "想要",
        "需要",
        "请问",
        "请",
        "问",
        "一下",
        "下",
        "个",
        "些",
        "怎么",
        "怎样",
        "如何",
        "什么",
        "啥",
        "哪",
        "哪里",
        "哪些",
        "哪个",
        "能",
        "能不能",
        "可以",
        "可不可以",
        "是否",
        "有",
        "没有",
        "没",
        "去",
        "来",
        "到",
        "给",
        "把",
        "被",
        "让",
        "这",
        "那",
        "这个",
        "那个",
        "就",
        "都",
        "也",
        "还",
        "又",
        "再",
        "很",
        "太",
        "最",
        "应该",
        "得",
        "地",
        "着",
        "过",
        "办",
        "办理",
        "一",
        "一件",
        "件",
        "事",
        "一件事",
        "自己",
        "现在",
        "刚",
        "刚刚",
        "已经",
        "知道",
        "告诉",
        "帮",
        "帮我",
        "帮忙",
        "谢谢",
        "你好",
        "您好",
        "麻烦",
        "怎么样",
        "怎么办",
        "咋",
        "咋办",
        "哪儿",
        "为什么",
        "为啥",
    }
)
STOP_EN = frozenset(
    {
        "a",
        "an",
        "the",
        "to",
        "of",
        "for",
        "in",
        "on",
        "at",
        "by",
        "with",
        "and",
        "or",
        "my",
        "me",
        "i",
        "we",
        "you",
        "your",
        "our",
        "is",
        "are",
        "am",
        "be",
        "do",
        "does",
        "did",
        "how",
        "what",
        "where",
        "when",
        "which",
        "who",
        "can",
        "could",
        "should",
        "would",
        "will",
        "want",
        "wanna",
        "need",
        "needs",
        "please",
        "get",
        "got",
        "have",
        "has",
        "it",
        "this",
        "that",
        "there",
        "here",
        "from",
        "about",
        "if",
        "so",
        "just",
        "help",
        "tell",
        "know",
        "thing",
        "one",
    }
)

_PUNCT = re.compile(r"[^\w\u3400-\u9fff]+")
_RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z]+|\d+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def normalize(text: str) -> str:
    """Full-width to half-width, lower case, spam phrases and punctuation to spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    for phrase in SPAM:
        text = text.replace(phrase, " ")
    return " ".join(_PUNCT.sub(" ", text).split())


def runs(text: str) -> list[str]:
    """Maximal runs of Chinese characters, of Latin letters and of digits, in order."""
    return _RUNS.findall(text)


def is_cjk(run: str) -> bool:
    return bool(_CJK.match(run))


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ers", "er", "ies", "es", "ed", "s")


def stem(word: str) -> str:
    """A small suffix stripper: enough to meet "retire", "retiring" and "retirement"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word
