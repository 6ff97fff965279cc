"""Which address a request came from, behind reverse proxies that the deployment says it trusts.

X-Forwarded-For is a list every proxy appends its peer to; anything left of the last proxy we run can be
written by the client. So the header is read only when the direct peer (REMOTE_ADDR) is a trusted proxy, and
walked from the right: the first address that is not a trusted proxy is the client. Without trusted proxies
(the default) the header is ignored and the peer is the client: a forged header changes nothing.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Sequence[str], name: str = "LINDUNG_TRUSTED_PROXIES") -> list[Network]:
    """CIDRs (or single addresses) as networks; ValueError naming the setting for a bad one."""
    networks: list[Network] = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"{name}: {value!r} is not an IP address or CIDR network") from None
    return networks


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket (::ffff:10.0.0.1) is the IPv4 address.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address, proxies: Sequence[Network]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_address(remote: str | None, forwarded_for: str | None, proxies: Sequence[Network]) -> str | None:
    peer = _address(remote or "")
    if peer is None:
        return None
    if not proxies or not _trusted(peer, proxies) or not forwarded_for:
        return str(peer)
    client = peer
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            # Not an address: written by someone we cannot vouch for. The last trusted hop is all we know.
            break
        client = address
        if not _trusted(address, proxies):
            break
    return str(client)
