"""The client's address behind trusted proxies: X-Forwarded-For believed only from them, right-most untrusted hop."""

from __future__ import annotations

import pytest

from lindung.lib.clientip import client_address, parse_networks

PROXIES = parse_networks(["10.0.0.0/8", "fd00::/8"])


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address("203.0.113.9", "198.51.100.1", []) == "203.0.113.9"


def test_a_header_from_an_untrusted_peer_is_ignored() -> None:
    assert client_address("203.0.113.9", "198.51.100.1", PROXIES) == "203.0.113.9"


def test_behind_the_proxy_the_client_is_the_hop_it_saw() -> None:
    assert client_address("10.0.0.2", "198.51.100.1", PROXIES) == "198.51.100.1"


def test_addresses_the_client_wrote_left_of_it_are_not_believed() -> None:
    # The client sent "X-Forwarded-For: 10.9.9.9, 1.2.3.4"; the proxy appended the address it really saw.
    assert client_address("10.0.0.2", "10.9.9.9, 1.2.3.4, 198.51.100.1", PROXIES) == "198.51.100.1"


def test_a_chain_of_trusted_proxies_is_walked() -> None:
    assert client_address("10.0.0.2", "198.51.100.1, 10.0.0.7", PROXIES) == "198.51.100.1"
    assert client_address("fd00::2", "2001:db8::5", PROXIES) == "2001:db8::5"


def test_garbage_stops_at_the_last_trusted_hop() -> None:
    assert client_address("10.0.0.2", "<script>, 10.0.0.7", PROXIES) == "10.0.0.7"
    assert client_address("10.0.0.2", "", PROXIES) == "10.0.0.2"
    assert client_address("", "198.51.100.1", PROXIES) is None


def test_an_ipv4_mapped_peer_is_its_ipv4_address() -> None:
    assert client_address("::ffff:10.0.0.2", "198.51.100.1", PROXIES) == "198.51.100.1"


def test_a_bad_network_names_the_setting() -> None:
    with pytest.raises(ValueError, match="LINDUNG_TRUSTED_PROXIES: 'proxy' is not"):
        parse_networks(["10.0.0.0/8", "proxy"])
