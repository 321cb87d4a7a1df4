"""Who a request comes from, for rate limits and sign-in lockouts: the peer, or the client a trusted proxy saw.

X-Forwarded-For is believed only from a peer that is one of the configured proxies: with the app's port
also reachable directly (YJS_HOST=0.0.0.0), anyone could otherwise name any address and dodge every
limit per address. IPv6 clients are counted by their /64, the network one subscriber is given: every
address in it is theirs to use, one a request.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from aiohttp import web

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(spelled: Iterable[str]) -> tuple[Network, ...]:
    """Networks from their spelling (an address, or an address/prefix); raises ValueError on a bad one."""
    return tuple(ipaddress.ip_network(text.strip(), strict=False) for text in spelled)


def client_address(request: web.Request, proxies: tuple[Network, ...] = ()) -> str:
    """The client a limit counts: the peer, or, when the peer is a trusted proxy, the last X-Forwarded-For
    entry (the address that proxy saw; earlier entries are the client's own words)."""
    peer = request.remote or ""
    seen = peer
    if proxies and _within(peer, proxies):
        forwarded = request.headers.get("X-Forwarded-For", "").rsplit(",", 1)[-1].strip()
        seen = forwarded if _parsed(forwarded) is not None else peer
    return counted(seen) or "unknown"


def counted(address: str) -> str:
    """The address as limits count it: IPv4 as is, IPv6 by its /64."""
    parsed = _parsed(address)
    if parsed is None:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _parsed(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None


def _within(address: str, proxies: tuple[Network, ...]) -> bool:
    parsed = _parsed(address)
    if parsed is None:
        return False
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    return any(parsed in network for network in proxies)
