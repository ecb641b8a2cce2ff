"""Polite fetching against a local server: conditional GET, Retry-After, size cap, timeouts,
redirect limit, robots.txt, per-host rate limit, backoff with jitter."""

from __future__ import annotations

import random
import time

import pytest

from claimwatch.watch.config import FetchPolicy
from claimwatch.watch.fetch import FetchError, HostLimiter, PoliteClient, backoff, retry_after
from tests.watch_support import Page, Site, http_date


@pytest.fixture()
def site() -> Site:
    with Site() as s:
        yield s


def client(**kw: object) -> PoliteClient:
    return PoliteClient(FetchPolicy(rate_limit=0, timeout=kw.pop("timeout", 2.0), **kw))  # type: ignore[arg-type]


def test_conditional_get_sends_the_validators_and_reads_304(site: Site) -> None:
    site.pages["/p"] = Page("<p>hello</p>", etag='"abc"', last_modified=http_date(1.7e9))
    with client() as c:
        first = c.get(site.url("/p"))
        assert (first.status, first.etag, first.text()) == (200, '"abc"', "<p>hello</p>")
        again = c.get(site.url("/p"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body is None
    sent = [h for p, h in site.hits if p == "/p"][-1]
    assert sent["If-None-Match"] == '"abc"' and sent["If-Modified-Since"] == http_date(1.7e9)


def test_429_and_503_carry_retry_after_and_other_errors_the_status(site: Site) -> None:
    site.pages["/busy"] = Page("slow down", status=429, headers={"Retry-After": "120"})
    site.pages["/down"] = Page("down", status=503, headers={"Retry-After": http_date(time.time() + 60)})
    site.pages["/err"] = Page("oops", status=500)
    with client() as c:
        with pytest.raises(FetchError) as busy:
            c.get(site.url("/busy"))
        with pytest.raises(FetchError) as down:
            c.get(site.url("/down"))
        with pytest.raises(FetchError) as err:
            c.get(site.url("/err"))
    assert (busy.value.status, busy.value.retry_after) == (429, 120)
    assert down.value.status == 503 and 55 <= (down.value.retry_after or 0) <= 61
    assert (err.value.status, err.value.retry_after) == (500, None)
    assert "HTTP 500" in str(err.value) and site.url("/err") in str(err.value)


def test_a_huge_body_is_refused_with_or_without_content_length(site: Site) -> None:
    site.pages["/huge"] = Page(b"x" * 300_000)
    with client(max_bytes=100_000) as c, pytest.raises(FetchError, match="too large"):
        c.get(site.url("/huge"))


def test_a_slow_response_times_out(site: Site) -> None:
    site.pages["/slow"] = Page("late", delay=1.5)
    started = time.monotonic()
    with client(timeout=0.3) as c, pytest.raises(FetchError, match="timed out"):
        c.get(site.url("/slow"))
    assert time.monotonic() - started < 1.4


def test_redirects_are_limited(site: Site) -> None:
    for i in range(5):
        site.pages[f"/r{i}"] = Page("", status=302, headers={"Location": f"/r{i + 1}"})
    site.pages["/r5"] = Page("arrived")
    with client(max_redirects=2) as c, pytest.raises(FetchError, match="too many redirects"):
        c.get(site.url("/r0"))
    with client(max_redirects=10) as c:
        resp = c.get(site.url("/r0"))
    assert resp.text() == "arrived" and resp.final_url.endswith("/r5")


def test_robots_txt_is_respected_by_default(site: Site) -> None:
    site.pages["/robots.txt"] = Page("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.pages["/private/x"] = Page("secret")
    site.pages["/public"] = Page("open")
    with client() as c:
        assert c.get(site.url("/public")).text() == "open"
        with pytest.raises(FetchError, match="robots.txt"):
            c.get(site.url("/private/x"))
    assert site.hits_of("/private/x") == 0 and site.hits_of("/robots.txt") == 1
    with client(respect_robots=False) as c:
        assert c.get(site.url("/private/x")).text() == "secret"


def test_an_unreachable_robots_txt_holds_the_host_off(site: Site) -> None:
    site.pages["/robots.txt"] = Page("broken", status=500)
    site.pages["/a"] = Page("a")
    with client() as c, pytest.raises(FetchError, match="robots.txt"):
        c.get(site.url("/a"))
    assert site.hits_of("/a") == 0


def test_the_host_limiter_spaces_requests_per_host() -> None:
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    lim = HostLimiter(2.0, clock=lambda: now[0], sleep=sleep)
    assert [lim.wait("a"), lim.wait("a"), lim.wait("b"), lim.wait("a")] == [0, 2.0, 0, 2.0]
    assert slept == [2.0, 2.0]


def test_backoff_doubles_is_capped_and_jittered() -> None:
    policy = FetchPolicy(backoff_base=60, backoff_max=3600)
    rng = random.Random(7)
    waits = [backoff(n, policy, 900, rng) for n in range(1, 9)]
    for n, w in enumerate(waits, start=1):
        full = min(3600, 60 * 2 ** (n - 1))
        assert full / 2 <= w <= full
    assert backoff(0, policy, 900) == 900
    assert len({round(backoff(3, policy, 900), 3) for _ in range(20)}) > 1, "no jitter"


def test_retry_after_parses_seconds_and_dates() -> None:
    assert retry_after("30") == 30
    assert retry_after(http_date(1000.0 + 90), now=1000.0) == pytest.approx(90)
    assert retry_after("soon") is None and retry_after(None) is None
