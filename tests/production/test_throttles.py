"""Guessing limits with several processes: the counts live in Redis, so spreading guesses
over the processes gains nothing; behind a trusted proxy (PLENARY_PROXIES) each client's own
address is counted, not the proxy's. The limits are docs/deployment.md's defaults."""

from __future__ import annotations

import secrets

import requests

from tests.realtime.conftest import Refused, connect, create_session, form_token, join, sign_in
from tests.servers import FromAddress, another_device

JOIN_LIMIT = 20
SEAT_LIMIT = 20


def wrong_code(http: requests.Session, base: str, token: str, **headers: str) -> int:
    return http.post(f"{base}/join", data={"csrf_token": token, "code": secrets.token_hex(3), "name": "G"},
                     headers=headers, allow_redirects=False, timeout=5).status_code


def test_join_code_guesses_spread_over_two_processes_count_together(make_cluster):
    cluster = make_cluster(2)
    a, b = cluster.nodes
    _, code = create_session(a.base, sign_in(a.base))
    guesser = requests.Session()
    guesser.mount("http://", FromAddress(another_device()))
    tokens = {node.base: form_token(guesser, f"{node.base}/") for node in (a, b)}

    statuses = [wrong_code(guesser, node.base, tokens[node.base]) for node in [a, b] * (JOIN_LIMIT // 2)]
    assert statuses == [400] * JOIN_LIMIT
    for node in (a, b):  # the right code now waits on either process
        right = guesser.post(f"{node.base}/join", data={"csrf_token": tokens[node.base], "code": code, "name": "G"},
                             allow_redirects=False, timeout=5)
        assert right.status_code == 429, node.name
    join(b.base, code, "Honest student", another_device())  # another address is not held up


def test_seat_token_guesses_on_one_process_hold_up_the_other(make_cluster):
    cluster = make_cluster(2)
    a, b = cluster.nodes
    session_id, code = create_session(a.base, sign_in(a.base))
    student = join(a.base, code, "Ada", another_device())
    forged = requests.Session()  # the test's sockets all come from 127.0.0.1, the student's too
    for _ in range(SEAT_LIMIT):
        forged.cookies.set(f"plenary_seat_{session_id}", secrets.token_urlsafe(24))
        try:
            connect(a.base, session_id, "delegate", forged).close()
            raise AssertionError("a forged seat was let in")
        except Refused as refused:
            assert "join again" in str(refused)
    try:
        connect(b.base, session_id, "delegate", student).close()
        raise AssertionError("a valid seat was let in on the other process while its address was throttled")
    except Refused as refused:
        assert "Too many attempts" in str(refused)


def test_behind_a_trusted_proxy_each_client_address_is_counted(make_cluster):
    """With PLENARY_PROXIES=1 the address nginx forwards is the client's: 20 wrong codes from
    one student's address hold that address up, and not the others behind the same proxy.
    The proxy's own header is the last one: a client's forged header before it is ignored."""
    cluster = make_cluster(2, PLENARY_PROXIES="1")
    a, _ = cluster.nodes
    _, code = create_session(a.base, sign_in(a.base))
    proxy = requests.Session()  # every request comes from the proxy's one address
    proxy.mount("http://", FromAddress(another_device()))
    token = form_token(proxy, f"{a.base}/")

    for n in range(JOIN_LIMIT):
        # what nginx's $proxy_add_x_forwarded_for makes of a client's forged header
        assert wrong_code(proxy, a.base, token, **{"X-Forwarded-For": f"10.9.9.{n}, 198.51.100.7"}) == 400
    held_up = proxy.post(f"{a.base}/join", data={"csrf_token": token, "code": code, "name": "G"},
                         headers={"X-Forwarded-For": "198.51.100.7"}, allow_redirects=False, timeout=5)
    assert held_up.status_code == 429
    classmate = proxy.post(f"{a.base}/join", data={"csrf_token": token, "code": code, "name": "Ben"},
                           headers={"X-Forwarded-For": "198.51.100.8"}, allow_redirects=False, timeout=5)
    assert classmate.status_code == 302
