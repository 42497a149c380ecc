"""The model explorer in real Chromium: charts, derivation, live edits, the data table."""

from tests.browser.test_pages_in_chromium import (
    edit_the_parameters,
    expect_text,
    no_horizontal_scroll,
    wait_for_charts,
)


def test_model_page_draws_everything_cleanly(open_page, viewport):
    watched = open_page("/model", viewport)
    page = watched.page
    wait_for_charts(page, 3)
    assert page.locator("#chart-landscape .contour").count() == 1
    assert page.locator(".derivation").count() == 2
    assert page.locator(".steps li").count() == 10
    assert no_horizontal_scroll(page)
    watched.assert_clean()


def test_editing_parameters_updates_numbers_and_paths(open_page):
    watched = open_page("/model")
    page = watched.page
    wait_for_charts(page, 3)
    edit_the_parameters(page)  # θ = (1, 0): ∂J/∂m = -2.12
    page.wait_for_function("() => location.search.includes('params=m%3D1')")
    watched.assert_clean()


def test_data_table_edits_flow_into_the_computation(open_page):
    watched = open_page("/model?x=1,2&y=1,2&params=m%3D0,b%3D0&steps=5")
    page = watched.page
    wait_for_charts(page, 3)
    page.get_by_role("button", name="Add a point").click()
    rows = page.locator("#data-table tbody tr")
    rows.nth(2).locator("input").nth(0).fill("3")
    rows.nth(2).locator("input").nth(1).fill("3")
    page.wait_for_function("() => document.getElementById('input-x').value === '1, 2, 3'")
    # θ = 0 on (1,1), (2,2), (3,3): ∂J/∂m = -2 mean(x²) = -28/3.
    expect_text(page, "gradient_of_mean_loss-m", "-9.333333")
    page.get_by_role("button", name="Remove point 1").click()
    page.wait_for_function("() => document.getElementById('input-x').value === '2, 3'")
    expect_text(page, "gradient_of_mean_loss-m", "-13.000000")
    watched.assert_clean()


def test_linear_cost_preset(open_page):
    watched = open_page("/model")
    page = watched.page
    wait_for_charts(page, 3)
    page.click("a.preset:text('Linear cost')")
    page.get_by_test_id("constant-gradient").wait_for()
    assert page.input_value("#input-model") == "theta*x"
    watched.assert_clean()


def test_model_error_is_inline(open_page):
    watched = open_page("/model")
    page = watched.page
    wait_for_charts(page, 3)
    page.fill("#input-loss", "(y - g)^2")
    page.locator("#error-loss").get_by_text("unknown name 'g'").wait_for()
    assert page.locator("#error-loss pre.caret").inner_text().endswith("     ^")
    watched.assert_clean()


def test_a_legend_group_hides_its_descent_path_and_its_arrow_together(open_page):
    watched = open_page("/model")
    page = watched.page
    wait_for_charts(page, 3)
    entry = page.locator("[data-chart='chart-landscape'] .legend-entry[data-traces*=' ']").first
    indices = [int(i) for i in entry.get_attribute("data-traces").split()]
    entry.click()
    visible = "() => document.getElementById('chart-landscape')._fullData.map(t => t.visible)"
    page.wait_for_function(
        "(i) => i.every(k => document.getElementById('chart-landscape')._fullData[k].visible"
        " === 'legendonly')",
        arg=indices,
    )
    shown = [k for k, v in enumerate(page.evaluate(visible)) if v is True]
    assert not set(indices) & set(shown) and len(shown) >= 4  # only that group went
    watched.assert_clean()


def test_choosing_the_sum_rescales_the_gradient_and_the_verdict(open_page):
    watched = open_page("/model")
    page = watched.page
    wait_for_charts(page, 3)
    expect_text(page, "gradient_of_mean_loss-m", "-6.120000")
    page.select_option("#input-reduction", "sum")
    expect_text(page, "gradient_of_mean_loss-m", "-30.600000")  # N = 5 times the mean's
    expect_text(page, "verdict-sum", "on the sum overshoots, while on the mean it settles")
    page.wait_for_function("() => location.search.includes('reduction=sum')")
    watched.assert_clean()
