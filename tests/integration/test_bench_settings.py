"""The benchmark's settings and URLs (`make bench`, `make soak`): the bench-only views exist only
in dcfconf.bench_urls, and dcfconf.bench loads on its own with what a loopback benchmark needs."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from tests.factories import ClientFactory, StaffFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
BENCH_ONLY = [
    "/bench/floor/",
    "/bench/floor/signed-in/",
    "/bench/floor/page/",
    "/bench/releases/1/pdf-fresh/",
]


@pytest.mark.parametrize("path", BENCH_ONLY)
def test_the_bench_only_views_are_not_in_the_portals_urls(path):
    with pytest.raises(Resolver404):
        resolve(path, urlconf="dcfconf.urls")
    with pytest.raises(NoReverseMatch):
        reverse("bench_floor", urlconf="dcfconf.urls")


@pytest.mark.parametrize("path", BENCH_ONLY)
def test_the_bench_urls_add_them_to_every_url_of_the_portal(path):
    assert resolve(path, urlconf="dcfconf.bench_urls").url_name.startswith("bench_")
    assert reverse("requests:list", urlconf="dcfconf.bench_urls") == "/requests/"
    assert reverse("forms:pdf", args=[7], urlconf="dcfconf.bench_urls") == "/releases/7/pdf/"


@override_settings(ROOT_URLCONF="dcfconf.bench_urls")
def test_the_floor_answers_anyone_with_one_indexed_query(client, django_assert_num_queries):
    ClientFactory()
    client.get("/bench/floor/")  # the first call in a process also reads the highest id
    with django_assert_num_queries(1):
        response = client.get("/bench/floor/")
    assert response.status_code == 200


def _visit_signed_in(client, path: str, assert_num_queries, queries: int):
    """`path` refuses anonymous visitors; signed in (after one warm-up visit) it answers 200
    with `queries` queries. The response."""
    ClientFactory()
    assert client.get(path).status_code == 302, "sign-in required"
    client.force_login(StaffFactory().user)
    client.get(path)
    with assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200
    return response


@override_settings(ROOT_URLCONF="dcfconf.bench_urls")
def test_the_signed_in_floor_reads_the_session_and_the_user_then_one_query(
    client, django_assert_num_queries
):
    # the session, the user with their standing, the query
    _visit_signed_in(client, "/bench/floor/signed-in/", django_assert_num_queries, 3)


@override_settings(ROOT_URLCONF="dcfconf.bench_urls")
def test_the_page_floor_is_the_signed_in_floor_in_the_portals_page_and_its_badge(
    client, django_assert_num_queries
):
    # the signed-in floor's three, the unread badge
    response = _visit_signed_in(client, "/bench/floor/page/", django_assert_num_queries, 4)
    page = response.content.decode()
    # A client's number (or "-" where the random key is not a client), in the portal's page.
    main = r"<main id=\"main-content\" class=\"grid-container portal-main\">"
    assert re.search(main + r"\s*<p>(CL-\d+|-)</p>", page)
    assert 'aria-label="Main"' in page and "Sign out" in page


def test_the_bench_settings_load_without_a_deployment_environment():
    """Production settings, relaxed for plain HTTP on 127.0.0.1: no HTTPS redirect, plain cookie
    names that are not Secure, no two-factor sign-in; DEBUG stays off."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "dcfconf.bench"
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('DEBUG', 'SECURE_SSL_REDIRECT', "
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_NAME', "
        "'CSRF_COOKIE_NAME', 'OTP_REQUIRED', 'ALLOWED_HOSTS', 'ROOT_URLCONF')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "sessionid",
        "CSRF_COOKIE_NAME": "csrftoken",
        "OTP_REQUIRED": False,
        "ALLOWED_HOSTS": ["127.0.0.1"],
        "ROOT_URLCONF": "dcfconf.bench_urls",
    }


def test_a_generated_development_key_never_starts_with_a_dollar(tmp_path, monkeypatch):
    """django-environ reads "$NAME" as another variable's value: the benchmark settings, which
    pass the development key through the environment, failed whenever it started with "$"."""
    from dcfconf import settings as development

    assert "$" not in development.GENERATED_KEY_ALPHABET
    monkeypatch.setattr(development, "VAR_DIR", tmp_path)
    (tmp_path / "secret_key").write_text("$" + "k" * 49)
    key = development._development_key("secret_key")
    assert len(key) == 50 and not key.startswith("$")
