"""The main menu says where the user is (WCAG 1.3.1, 2.4.8): aria-current="page" only on the
link to the very page shown; on a page below a menu item, that item says aria-current="true"."""

import html
import re

import pytest
from django.urls import reverse

MENU = re.compile(r'<nav aria-label="Hoofdmenu">(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"([^>]*)>(.*?)</a>', re.S)


def current_of(page) -> dict[str, str]:
    """Menu link name -> its aria-current value ("" when it has none)."""
    assert page.status_code == 200, page.status_code
    menu = MENU.search(page.content.decode()).group(1)
    found = {}
    for _href, attrs, name in LINK.findall(menu):
        value = re.search(r'aria-current="([^"]*)"', attrs)
        found[html.unescape(name.strip())] = value.group(1) if value else ""
    return found


@pytest.fixture
def leader(client_for, projectleider):
    return client_for(projectleider)


def test_the_section_page_itself_is_the_current_page(leader):
    current = current_of(leader.get(reverse("regions:region_list")))

    assert current["Regio's"] == "page"
    assert current["Start"] == ""
    assert current["Integrale sturing"] == ""


def test_a_page_below_a_section_marks_the_section_as_current_but_not_as_the_page(leader, region):
    current = current_of(leader.get(reverse("regions:region_detail", args=[region.slug])))

    assert current["Regio's"] == "true"
    assert list(current.values()).count("page") == 0


def test_on_the_start_page_only_start_is_the_page(leader):
    current = current_of(leader.get(reverse("home")))

    assert current["Start"] == "page"
    assert [v for v in current.values() if v] == ["page"]
