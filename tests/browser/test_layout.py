from tests.browser.conftest import NEUTRAL_SITE


def test_the_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, live_server):
    page.goto(f"{live_server}/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_language_switcher_works_by_keyboard_alone(page, live_server):
    page.goto(f"{live_server}/en/cookies")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "cy":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/cy/cookies")
    assert page.locator("html").get_attribute("lang") == "cy"


def test_urdu_pages_read_right_to_left_with_the_exit_on_the_left(page, live_server):
    page.set_viewport_size({"width": 800, "height": 600})
    page.goto(f"{live_server}/ur/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    exit_box = page.locator(".site-header .button--exit").bounding_box()
    name_box = page.locator(".site-header__name").bounding_box()
    assert exit_box["x"] < name_box["x"]


def test_exit_this_page_button_leaves_at_once(page, live_server):
    page.goto(f"{live_server}/en/contact")
    with page.expect_request(f"{live_server}/exit"):
        page.locator(".site-header .button--exit").click()
    page.wait_for_url(f"{NEUTRAL_SITE}**", wait_until="commit")


def test_pressing_shift_three_times_leaves_the_page(page, live_server):
    page.goto(f"{live_server}/en/contact")
    with page.expect_request(f"{live_server}/exit"):
        for _ in range(3):
            page.keyboard.press("Shift")


def test_buttons_and_switcher_links_are_at_least_44_pixels(page, live_server):
    page.goto(f"{live_server}/en/")
    for selector in (".button--exit", ".language-switcher a"):
        for box in [element.bounding_box() for element in page.locator(selector).all()]:
            assert box["width"] >= 44 and box["height"] >= 44, selector


def test_htmx_is_configured_safely(page, live_server):
    page.goto(f"{live_server}/en/")
    config = page.evaluate(
        "({history: htmx.config.historyCacheSize, evalAllowed: htmx.config.allowEval, "
        "styles: htmx.config.includeIndicatorStyles, selfOnly: htmx.config.selfRequestsOnly})"
    )
    assert config == {"history": 0, "evalAllowed": False, "styles": False, "selfOnly": True}
