"""Token signatures: HMAC-SHA256 of "purpose:subject", one purpose's never another's."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from bot.signing import sign


@pytest.mark.parametrize("key", [b"k", b"0123456789abcdef" * 4, bytes(range(100)), "密钥".encode()])
@pytest.mark.parametrize("subject", ["1", "a7f3" * 40, "用户"])
def test_sign_is_hmac_sha256_of_purpose_and_subject(key: bytes, subject: str) -> None:
    expected = hmac.new(key, f"chat:{subject}".encode(), hashlib.sha256).hexdigest()[:40]
    assert sign(key, "chat", subject) == expected
    assert sign(key, "staff", subject) != expected
