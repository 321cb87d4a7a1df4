"""A small, safe language for the conditions written in scenario files.

Staff write conditions such as ``area > 300 or people > 50``; they are parsed once
at load into closures over the answers, so no Python ``eval`` ever sees staff text.
Grammar::

    expr    := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := atom (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") atom)?
    atom    := number | 'string' | "string" | true | false | name | "(" expr ")"
             | "[" atom ("," atom)* "]" | function "(" atom ("," atom)* ")"

A function is one of ``handlers.derived.FUNCTIONS`` (``age(applicant_id)``), called on
answers; the names it is given count as names the condition reads.

A name with no answer (a skipped or optional question) is ``None`` and every
comparison with it is false, so ``area > 300`` stays off until area is known.
``not`` of an unknown is true: write ``flag == false`` rather than ``not flag``
where an unanswered question must not switch anything on.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from handlers.derived import FUNCTIONS, TODAY

Answers = Mapping[str, Any]
Evaluate = Callable[[Answers], Any]

_TOKEN = re.compile(
    r"\s*(?:(?P<number>-?\d+(?:\.\d+)?)|(?P<string>'[^']*'|\"[^\"]*\")"
    r"|(?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)|(?P<name>[A-Za-z_][A-Za-z0-9_]*))"
)
_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
}
_KEYWORDS = {"and", "or", "not", "in", "true", "false"}


class ConditionError(ValueError):
    """A condition that cannot be parsed; the message says where and why."""


@dataclass(frozen=True)
class Condition:
    source: str
    names: frozenset[str]
    evaluate: Evaluate

    def holds(self, answers: Answers) -> bool:
        return bool(self.evaluate(answers))


@lru_cache(maxsize=4096)
def parse_condition(source: str) -> Condition:
    parser = _Parser(source, _tokenize(source))
    evaluate = parser.expression()
    if parser.peek() is not None:
        raise ConditionError(f"unexpected {parser.peek()!r} in {source!r}")
    return Condition(source, frozenset(parser.names), evaluate)


def _tokenize(source: str) -> list[tuple[str, str]]:
    tokens, position, end = [], 0, len(source.rstrip())
    while position < end:
        match = _TOKEN.match(source, position)
        if not match or match.end() == position:
            raise ConditionError(f"cannot read {source[position:]!r} in {source!r}")
        kind = match.lastgroup or ""
        text = match.group(kind)
        if kind == "name" and text in _KEYWORDS:
            kind = "op"
        tokens.append((kind, text))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, source: str, tokens: list[tuple[str, str]]) -> None:
        self.source, self.tokens, self.position = source, tokens, 0
        self.names: set[str] = set()

    def peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise ConditionError(f"{self.source!r} ends too early")
        self.position += 1
        return self.tokens[self.position - 1]

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise ConditionError(f"expected {text!r} in {self.source!r}")

    def expression(self) -> Evaluate:
        parts = [self.conjunction()]
        while self.peek() == "or":
            self.take()
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else lambda a: any(p(a) for p in parts)

    def conjunction(self) -> Evaluate:
        parts = [self.negation()]
        while self.peek() == "and":
            self.take()
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else lambda a: all(p(a) for p in parts)

    def negation(self) -> Evaluate:
        if self.peek() == "not":
            self.take()
            inner = self.negation()
            return lambda a: not inner(a)
        return self.comparison()

    def comparison(self) -> Evaluate:
        left = self.atom()
        if self.peek() not in _COMPARE:
            return left
        compare = _COMPARE[self.take()[1]]
        right = self.atom()
        return lambda a: _safe_compare(compare, left(a), right(a))

    def atom(self) -> Evaluate:
        kind, text = self.take()
        if kind == "number":
            value: Any = float(text) if "." in text else int(text)
            return lambda a: value
        if kind == "string":
            literal = text[1:-1]
            return lambda a: literal
        if text in ("true", "false"):
            truth = text == "true"
            return lambda a: truth
        if kind == "name" and self.peek() == "(":
            return self.call(text)
        if kind == "name":
            self.names.add(text)
            return lambda a: a.get(text)
        if text == "(":
            inner = self.expression()
            self.expect(")")
            return inner
        if text == "[":
            return self.listing()
        raise ConditionError(f"unexpected {text!r} in {self.source!r}")

    def call(self, name: str) -> Evaluate:
        if name not in FUNCTIONS:
            raise ConditionError(f"unknown function {name!r} in {self.source!r} (known: {sorted(FUNCTIONS)})")
        arity, function = FUNCTIONS[name]
        self.expect("(")
        arguments = [self.atom()]
        while self.peek() == ",":
            self.take()
            arguments.append(self.atom())
        self.expect(")")
        if len(arguments) != arity:
            raise ConditionError(f"{name}() takes {arity} argument(s), not {len(arguments)}, in {self.source!r}")
        return lambda a: function(a.get(TODAY), *(argument(a) for argument in arguments))

    def listing(self) -> Evaluate:
        members = [self.atom()]
        while self.peek() == ",":
            self.take()
            members.append(self.atom())
        self.expect("]")
        return lambda a: [m(a) for m in members]


def _safe_compare(compare: Callable[[Any, Any], bool], left: Any, right: Any) -> bool:
    if left is None or right is None:
        return False
    try:
        return compare(left, right)
    except TypeError:
        return False
