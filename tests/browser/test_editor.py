"""The editor (editor.js) in Chromium: by mouse, by keyboard only and by touch; findings from
engine.js appear and clear at once; drafts survive a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from cocreate.proposals.models import Proposal

from ..factories import UserFactory
from .helpers import log_in

FIT_ERROR = '[role="status"] [data-check="fit"][data-severity="error"]'


def open_editor(page: Page, challenge) -> None:
    page.goto(f"/c/{challenge.slug}/toolkit/")
    expect(page.locator("#editor")).to_be_visible()
    expect(page.locator("#editor svg g.part").first).to_be_visible()


def parts(page: Page):
    return page.locator("#editor svg g.part")


def drawing(page: Page):
    return page.locator("#editor svg.editor-drawing")


def scale(page: Page) -> float:
    """The drawing's pixels per millimetre on screen."""
    return float(drawing(page).evaluate("svg => svg.getScreenCTM().a"))


def labels(page: Page) -> list[str]:
    """Each part's label and width, without what its findings add to its accessible name."""
    return [", ".join(name.split(", ")[:2]) for name in names(page)]


def names(page: Page) -> list[str]:
    return [
        n or "" for n in parts(page).evaluate_all("gs => gs.map(g => g.getAttribute('aria-label'))")
    ]


def centre(page: Page, locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drag(page: Page, start: tuple[float, float], end: tuple[float, float], during=None) -> None:
    """A mouse drag; `during(page)` runs before the button is let go."""
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move((start[0] + end[0]) / 2, (start[1] + end[1]) / 2, steps=5)
    page.mouse.move(*end, steps=5)
    if during:
        during(page)
    page.mouse.up()


def lifted_with_marker(page: Page) -> None:
    """Mid-drag: the part is lifted, its ghost follows the pointer, a marker shows where it goes."""
    expect(page.locator("#editor svg g.part.lifted")).to_have_count(1)
    expect(page.locator(".drag-ghost")).to_be_visible()
    expect(page.locator("#editor svg .insertion-marker")).to_be_visible()


@pytest.fixture
def resident_page(page, running_challenge):
    resident = UserFactory(username="dee", email="dee@example.org")
    log_in(page, resident.email)
    return page


def test_mouse_add_resize_reorder_remove_undo_redo_and_submit(resident_page, running_challenge):
    page = resident_page
    page.set_viewport_size({"width": 1280, "height": 800})
    open_editor(page, running_challenge)
    count = parts(page).count()
    first = names(page)

    # The rule checks sit beside the drawing, both in view without scrolling.
    box = drawing(page).bounding_box()
    checks = page.locator("#editor .checks").bounding_box()
    assert box is not None and checks is not None
    assert checks["x"] >= box["x"] + box["width"] and checks["y"] < box["y"] + box["height"]
    assert box["y"] + box["height"] <= 800 and checks["y"] + 100 <= 800

    # Drag a tree from the palette onto the left end of the drawing: a ghost and a marker show.
    def ghost_and_marker(page: Page) -> None:
        expect(page.locator(".drag-ghost")).to_be_visible()
        expect(page.locator("#editor svg .insertion-marker")).to_be_visible()

    drag(page, centre(page, page.get_by_role("button", name="Add Tree")),
         (box["x"] + 5, box["y"] + box["height"] / 2), ghost_and_marker)  # fmt: skip
    expect(page.locator(".drag-ghost")).to_have_count(0)
    expect(parts(page)).to_have_count(count + 1)
    assert names(page)[0].startswith("Tree, ")
    expect(page.locator(FIT_ERROR)).to_have_count(1)  # the tree pushed the street over 21 m
    expect(page.get_by_role("button", name="Submit proposal")).to_be_disabled()

    # Drag it to the bin, which lights up: the fit error clears.
    def armed(page: Page) -> None:
        expect(page.locator("#editor .bin.armed")).to_have_text("Drop here to remove")

    drag(page, centre(page, parts(page).first), centre(page, page.locator(".bin")), armed)
    expect(parts(page)).to_have_count(count)
    expect(page.locator(FIT_ERROR)).to_have_count(0)
    assert names(page) == first

    # Undo brings the tree back, redo removes it again.
    page.get_by_role("button", name="Undo").click()
    expect(parts(page)).to_have_count(count + 1)
    page.get_by_role("button", name="Redo").click()
    expect(parts(page)).to_have_count(count)

    # Widen the first sidewalk by 2 m of pointer: the scale holds while the street overflows, and
    # it is 2 m wider.
    before = scale(page)
    x, y = centre(page, page.locator("#editor svg [data-handle='0']"))

    def scale_holds(page: Page) -> None:
        expect(page.locator("#editor svg .over")).to_have_count(1)
        assert scale(page) == pytest.approx(before, rel=1e-6)

    drag(page, (x, y), (x + 2000 * before, y), scale_holds)
    assert names(page)[0].startswith("Sidewalk, 4.10 m")
    page.get_by_role("button", name="Undo").click()

    # Narrow it by dragging its right edge: room appears at the end.
    drag(page, (x, y), (x - 40, y))
    assert not names(page)[0].startswith("Sidewalk, 2.10 m")
    expect(page.locator("#editor svg .room")).to_have_count(1)

    # Reorder: drag the first part past the second; mid-drag it is lifted with a marker.
    before_labels = labels(page)
    second = parts(page).nth(1).bounding_box()
    assert second is not None
    drag(
        page,
        centre(page, parts(page).first),
        (second["x"] + second["width"] * 0.9, second["y"] + 20),
        lifted_with_marker,
    )
    after = labels(page)
    assert after[0] == before_labels[1] and after[1] == before_labels[0]

    page.get_by_role("button", name="Undo").click()  # back to the narrowed sidewalk first
    page.get_by_role("button", name="Undo").click()  # and its original width
    expect(page.locator("#editor svg .room")).to_have_count(0)
    page.get_by_label("Title").fill("Same street, tested")
    page.get_by_label("Why").fill("It already works.")
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Same street, tested")
    assert Proposal.objects.get().design["parts"][0]["width"] == 2.1


def test_keyboard_only(resident_page, running_challenge):
    page = resident_page
    open_editor(page, running_challenge)
    count = parts(page).count()
    parts(page).first.focus()
    expect(parts(page).first).to_be_focused()
    assert re.match(r"^Sidewalk, 2\.10 m", names(page)[0])

    page.keyboard.press("+")
    expect(parts(page).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 2\.20 m"))
    expect(page.locator(FIT_ERROR)).to_have_count(1)
    expect(page.get_by_role("button", name="Submit proposal")).to_be_disabled()
    expect(page.locator("#editor-submit-reason")).to_contain_text("more than the 21.00 m")
    page.keyboard.press("Shift+-")
    expect(parts(page).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 2\.15 m"))
    page.keyboard.press("Shift+-")
    expect(page.locator(FIT_ERROR)).to_have_count(0)
    expect(page.get_by_role("button", name="Submit proposal")).to_be_enabled()

    page.keyboard.press("ArrowRight")  # focus moves to the bike lane
    expect(parts(page).nth(1)).to_be_focused()
    page.keyboard.press("Alt+ArrowLeft")  # and the bike lane moves to the left edge
    assert names(page)[0].startswith("Bike lane")
    expect(page.locator('[data-check="edge"][data-severity="error"]')).to_have_count(1)
    page.keyboard.press("Control+z")
    assert names(page)[0].startswith("Sidewalk")
    page.keyboard.press("Control+Shift+Z")
    assert names(page)[0].startswith("Bike lane")
    page.keyboard.press("Control+y")  # nothing left to redo: no change
    page.keyboard.press("Control+z")

    parts(page).nth(1).focus()
    page.keyboard.press("Delete")
    expect(parts(page)).to_have_count(count - 1)
    page.keyboard.press("Control+z")
    expect(parts(page)).to_have_count(count)

    page.get_by_label("Title").focus()
    page.keyboard.type("Keyboard street")
    page.keyboard.press("Tab")
    page.keyboard.type("Typed, never clicked.")
    page.get_by_role("button", name="Submit proposal").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Keyboard street")


def test_locked_tracks_cannot_be_changed(page, running_challenge):
    open_editor(page, running_challenge)
    track = page.locator('#editor svg g.part[aria-label^="Light rail"]').first
    label = track.get_attribute("aria-label") or ""
    assert "locked" in label
    track.focus()
    page.keyboard.press("+")
    page.keyboard.press("Delete")
    expect(track).to_have_attribute("aria-label", label)


def touch(cdp, kind: str, x: float, y: float) -> None:
    points = [] if kind == "touchEnd" else [{"x": x, "y": y, "id": 1}]
    cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})


def touch_drag(cdp, start: tuple[float, float], end: tuple[float, float], during=None) -> None:
    """A one-finger drag; `during()` runs before the finger is lifted."""
    touch(cdp, "touchStart", *start)
    for step in range(1, 7):
        touch(cdp, "touchMove", start[0] + (end[0] - start[0]) * step / 6,
              start[1] + (end[1] - start[1]) * step / 6)  # fmt: skip
    if during:
        during()
    touch(cdp, "touchEnd", *end)
    settle(cdp)


def settle(cdp) -> None:  # type: ignore[no-untyped-def]
    """Emulated Chromium swallows a tap that follows a drag or a pinch too closely (its gesture
    detector is still settling); a person's next tap comes later than this anyway."""
    cdp.send("Runtime.evaluate", {"expression": "new Promise(r => setTimeout(r, 1200))",
                                  "awaitPromise": True})  # fmt: skip


def test_touch_only_at_phone_width(new_context, running_challenge):
    context = new_context(
        has_touch=True,
        is_mobile=True,
        viewport={"width": 360, "height": 740},
    )
    page = context.new_page()
    resident = UserFactory(username="fay", email="fay@example.org")
    log_in(page, resident.email)
    open_editor(page, running_challenge)
    cdp = context.new_cdp_session(page)
    count = parts(page).count()
    first = labels(page)

    # A readable scale, scrolling sideways under a mini-map; every part a finger-sized target.
    assert scale(page) * 1000 >= 24
    sizes = parts(page).evaluate_all(
        "gs => gs.map(g => { const r = g.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert min(min(size) for size in sizes) >= 44
    viewport = page.locator("#editor .viewport")
    assert viewport.evaluate("v => v.scrollLeft") == 0
    minimap = page.locator("#editor .minimap")
    map_box = minimap.bounding_box()
    assert map_box is not None
    minimap.tap(position={"x": map_box["width"] - 4, "y": map_box["height"] / 2})
    assert viewport.evaluate("v => v.scrollLeft + v.clientWidth >= v.scrollWidth - 2")
    minimap.tap(position={"x": 2, "y": map_box["height"] / 2})

    # The selected part's inspector is a sheet; a part added from the palette's sheet goes
    # after it.
    parts(page).first.tap()
    sheet = page.locator("#editor .inspector")
    expect(sheet.get_by_role("heading")).to_have_text("Part 1: Sidewalk")
    expect(sheet).to_have_css("position", "fixed")
    page.get_by_role("button", name="Add a part").tap()
    expect(page.locator("#editor-palette")).to_be_visible()
    page.get_by_role("button", name="Close").tap()
    expect(page.locator("#editor-palette")).to_be_hidden()
    page.get_by_role("button", name="Add a part").tap()
    page.get_by_role("searchbox", name="Find a part").fill("tre")
    expect(page.get_by_role("button", name="Add Sidewalk")).to_be_hidden()
    page.get_by_role("button", name="Add Tree").tap()
    expect(page.locator("#editor-palette")).to_be_hidden()
    expect(parts(page)).to_have_count(count + 1)
    assert names(page)[1].startswith("Tree, ")
    expect(sheet.get_by_role("heading")).to_have_text("Part 2: Tree")
    expect(page.locator(FIT_ERROR)).to_have_count(1)
    expect(page.locator("#editor .checks-summary")).to_have_text("Rule checks: 1 error, 2 warnings")
    page.get_by_role("button", name="Done").tap()
    expect(sheet).to_be_hidden()

    page.locator("#editor .stage").scroll_into_view_if_needed()
    touch_drag(cdp, centre(page, parts(page).nth(1)), centre(page, page.locator(".bin")))
    expect(parts(page)).to_have_count(count)
    expect(page.locator(FIT_ERROR)).to_have_count(0)

    page.get_by_role("button", name="Undo").tap()
    expect(parts(page)).to_have_count(count + 1)
    page.get_by_role("button", name="Redo").tap()
    expect(parts(page)).to_have_count(count)

    # A resize: the scale holds under the finger.
    page.get_by_role("button", name="Done").tap()  # the removal selected the next part
    page.locator("#editor .stage").scroll_into_view_if_needed()
    before = scale(page)
    x, y = centre(page, page.locator("#editor svg [data-handle='0']"))
    touch_drag(cdp, (x, y), (x - 1000 * before, y), lambda: assert_scale(page, before))
    expect(parts(page).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 1\.10 m"))
    expect(page.locator("#editor svg .room")).to_have_count(1)

    before_labels = labels(page)
    second = parts(page).nth(1).bounding_box()
    assert second is not None
    touch_drag(cdp, centre(page, parts(page).first),
               (second["x"] + second["width"] * 0.9, second["y"] + 10),
               lambda: lifted_with_marker(page))  # fmt: skip
    assert labels(page)[:2] == [before_labels[1], before_labels[0]]

    page.get_by_role("button", name="Undo").tap()
    page.get_by_role("button", name="Undo").tap()
    assert labels(page) == first
    # Zoom in and out by the buttons; Fit shows the whole street.
    readable = scale(page)
    page.get_by_role("button", name="Zoom in").tap()
    assert scale(page) > readable
    page.get_by_role("button", name="Fit").tap()
    assert scale(page) < readable
    assert viewport.evaluate("v => v.scrollWidth <= v.clientWidth")
    page.get_by_role("button", name="Zoom in").tap()
    page.get_by_role("button", name="Zoom out").tap()
    page.get_by_role("button", name="Zoom out").tap()  # no further than the whole street
    # Two fingers spread apart zoom in.
    fitted = scale(page)
    page.locator("#editor .stage").scroll_into_view_if_needed()
    x, y = centre(page, page.locator("#editor .viewport"))
    steps = (("touchStart", 30), ("touchMove", 60), ("touchMove", 90), ("touchEnd", 90))
    for kind, spread in steps:
        points = [{"x": x - spread, "y": y, "id": 1}, {"x": x + spread, "y": y, "id": 2}]
        cdp.send("Input.dispatchTouchEvent",
                 {"type": kind, "touchPoints": [] if kind == "touchEnd" else points})  # fmt: skip
    assert scale(page) == pytest.approx(fitted * 3, rel=0.05)
    settle(cdp)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Title").fill("Thumbs only")
    page.get_by_label("Why").fill("Made on a phone.")
    page.get_by_role("button", name="Submit proposal").tap()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thumbs only")


def assert_scale(page: Page, before: float) -> None:
    assert scale(page) == pytest.approx(before, rel=1e-6)


def test_a_reload_in_the_middle_of_editing_restores_the_draft(page, running_challenge):
    open_editor(page, running_challenge)
    parts(page).first.focus()
    page.keyboard.press("-")
    expect(parts(page).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 2\.00 m"))
    expect(page.locator(".save-status")).to_have_text("Draft saved")
    page.reload()
    expect(parts(page).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 2\.00 m"))
    expect(page.locator("#restored")).to_be_visible()


def test_changes_the_server_never_got_are_offered_back(new_context, running_challenge):
    # Its own page: the aborted saves are console errors the shared fixture would refuse.
    page = new_context().new_page()
    open_editor(page, running_challenge)
    page.route("**/toolkit/draft/", lambda route: route.abort())  # the network is gone
    parts(page).first.focus()
    page.keyboard.press("-")
    expect(page.locator(".save-status")).to_contain_text("Offline")
    page.goto(f"/c/{running_challenge.slug}/toolkit/?fresh=1")
    page.get_by_role("button", name="Restore them").click()
    expect(parts(page).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 2\.00 m"))


def test_metric_or_imperial_display(page, running_challenge):
    open_editor(page, running_challenge)
    page.get_by_role("button", name="Feet").click()
    expect(parts(page).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 6\.89 ft"))
    page.reload()
    expect(parts(page).first).to_have_attribute("aria-label", re.compile(r"^Sidewalk, 6\.89 ft"))


def test_export_svg_and_png(page, running_challenge):
    open_editor(page, running_challenge)
    with page.expect_download() as svg_download:
        page.get_by_role("button", name="Export SVG").click()
    svg_text = open(svg_download.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert svg_text.startswith("<svg") and "Sidewalk" in svg_text and "data-handle" not in svg_text
    with page.expect_download() as png_download:
        page.get_by_role("button", name="Export PNG").click()
    with open(png_download.value.path(), "rb") as png:
        assert png.read(8) == b"\x89PNG\r\n\x1a\n"
