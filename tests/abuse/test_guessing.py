"""Guessing is rate limited per client address (the limits are settings: docs/deployment.md):
join codes, seat tokens (on the socket and on the delegate page) and passwords. Each test
runs on a server of its own, so its throttles start empty."""

from __future__ import annotations

import secrets

import requests

from tests.realtime.conftest import Refused, connect, create_session, form_token, join, sign_in
from tests.servers import FromAddress, another_device

DEFAULT_LIMITS = {"join": 20, "seat": 20, "password": 10}


def browser(address: str) -> requests.Session:
    http = requests.Session()
    http.mount("http://", FromAddress(address))
    return http


def test_join_codes_seat_tokens_and_passwords_are_throttled(start_server):
    server = start_server("--async-mode", "threading")
    instructor = sign_in(server.base)
    session_id, code = create_session(server.base, instructor)

    # Join codes: after 20 wrong codes from one address, even the right one waits.
    guesser = browser(another_device())
    token = form_token(guesser, f"{server.base}/")
    statuses = [guesser.post(f"{server.base}/join", data={"csrf_token": token, "code": secrets.token_hex(3), "name": "G"},
                             allow_redirects=False, timeout=5).status_code for _ in range(DEFAULT_LIMITS["join"])]
    assert set(statuses) == {400}
    right = guesser.post(f"{server.base}/join", data={"csrf_token": token, "code": code, "name": "G"}, allow_redirects=False, timeout=5)
    assert right.status_code == 429
    join(server.base, code, "Honest student", another_device())  # another address is not held up

    # Seat tokens on the socket (all from this test's address): after 20 bad cookies, a valid
    # one waits too.
    student = join(server.base, code, "Ada", another_device())
    forged = requests.Session()
    reasons = []
    for _ in range(DEFAULT_LIMITS["seat"] + 1):
        forged.cookies.set(f"plenary_seat_{session_id}", secrets.token_urlsafe(24))
        try:
            connect(server.base, session_id, "delegate", forged).close()
        except Refused as refused:
            reasons.append(str(refused))
    assert all("join again" in r for r in reasons[:DEFAULT_LIMITS["seat"]]) and "Too many attempts" in reasons[-1]
    try:
        connect(server.base, session_id, "delegate", student).close()
        raise AssertionError("a valid seat was let in while the address was throttled")
    except Refused as refused:
        assert "Too many attempts" in str(refused)

    # Seat tokens on the delegate page, from another address.
    page_guesser = browser(another_device())
    answers = []
    for _ in range(DEFAULT_LIMITS["seat"] + 1):
        page_guesser.cookies.set(f"plenary_seat_{session_id}", secrets.token_urlsafe(24))
        answers.append(page_guesser.get(f"{server.base}/s/{session_id}/delegate", allow_redirects=False, timeout=5).status_code)
    assert answers[:-1] == [302] * DEFAULT_LIMITS["seat"] and answers[-1] == 429

    # Passwords: after 10 wrong ones, the right one waits.
    signer = browser(another_device())
    token = form_token(signer, f"{server.base}/login")
    wrong = [signer.post(f"{server.base}/login", data={"csrf_token": token, "username": "teacher", "password": secrets.token_hex(8)},
                         allow_redirects=False, timeout=5).status_code for _ in range(DEFAULT_LIMITS["password"])]
    assert set(wrong) == {401}
    from tests.servers import PASSWORD

    blocked = signer.post(f"{server.base}/login", data={"csrf_token": token, "username": "teacher", "password": PASSWORD},
                          allow_redirects=False, timeout=5)
    assert blocked.status_code == 429


def test_a_forged_forwarded_address_does_not_escape_the_throttle(start_server):
    """No proxy is trusted unless PLENARY_PROXIES says so: a guesser who writes another
    X-Forwarded-For on every request is still counted at the address it connects from."""
    server = start_server("--async-mode", "threading")
    instructor = sign_in(server.base)
    _, code = create_session(server.base, instructor)
    guesser = browser(another_device())
    token = form_token(guesser, f"{server.base}/")
    for n in range(DEFAULT_LIMITS["join"]):
        wrong = guesser.post(f"{server.base}/join", data={"csrf_token": token, "code": secrets.token_hex(3), "name": "G"},
                             headers={"X-Forwarded-For": f"198.51.100.{n + 1}"}, allow_redirects=False, timeout=5)
        assert wrong.status_code == 400
    right = guesser.post(f"{server.base}/join", data={"csrf_token": token, "code": code, "name": "G"},
                         headers={"X-Forwarded-For": "198.51.100.200"}, allow_redirects=False, timeout=5)
    assert right.status_code == 429


def test_a_throttle_counts_on_in_the_process_while_redis_is_away():
    """Shared throttles count in Redis; when it cannot be reached they count in the process
    rather than let every guess through (or stop every honest attempt)."""
    import redis

    from game.web.security import Throttle

    guesses = Throttle("join", limit=3, window=60)
    guesses.share(redis.Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2), "plenary-test")
    assert [guesses.allow("203.0.113.9") for _ in range(4)] == [True, True, True, False]
    assert guesses.allow("203.0.113.10")
