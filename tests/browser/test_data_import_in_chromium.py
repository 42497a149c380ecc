"""Pasting two columns or choosing a CSV file fills the x and y fields (the URL stays the state);
a bad row is named by its line and column."""

import pytest

from tests.browser.test_pages_in_chromium import expect_text, wait_for_charts


def open_import(open_page, path: str):
    watched = open_page(path)
    page = watched.page
    wait_for_charts(page, page.locator(".chart-plot").count())
    page.get_by_text("Paste or load two columns").click()
    return watched, page


def test_pasted_columns_with_a_header_become_the_data(open_page):
    watched, page = open_import(open_page, "/model?params=m%3D0,b%3D0&steps=5")
    page.fill("#input-paste", "x\ty\n1\t1\n2\t2\n\n3\t3\n")
    page.get_by_role("button", name="Use these points").click()
    assert page.input_value("#input-x") == "1, 2, 3"
    assert page.input_value("#input-y") == "1, 2, 3"
    page.get_by_text("Read 3 points.").wait_for()
    # θ = 0 on (1,1), (2,2), (3,3): ∂J/∂m = -2 mean(x²) = -28/3.
    expect_text(page, "gradient_of_mean_loss-m", "-9.333333")
    page.wait_for_function("() => location.search.includes('x=1%2C+2%2C+3')")
    assert page.locator("#data-table tbody tr").count() == 3
    watched.assert_clean()


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("x,y\n1,2\n3,oops\n", "line 3, column 3: 'oops' is not a number"),
        ("1 2\n3 4 5\n", "line 2, column 5: expected two numbers (x, then y), found 3"),
        ("x,y\n", "no rows with two numbers were found"),
    ],
)
def test_a_bad_row_is_named_and_nothing_changes(open_page, text, error):
    watched, page = open_import(open_page, "/batches")
    before = page.input_value("#input-x")
    page.fill("#input-paste", text)
    page.get_by_role("button", name="Use these points").click()
    page.locator("#error-paste").get_by_text(error).wait_for()
    assert page.input_value("#input-x") == before
    assert page.get_attribute("#input-paste", "aria-invalid") == "true"
    watched.assert_clean()


def test_a_csv_file_is_read_in_the_browser(open_page):
    watched, page = open_import(open_page, "/batches")
    rows = "\n".join(f"{i},{2 * i + 1}" for i in range(12))
    page.set_input_files(
        "#input-file",
        files=[{"name": "points.csv", "mimeType": "text/csv", "buffer": f"x,y\n{rows}\n".encode()}],
    )
    page.get_by_text("Read 12 points.").wait_for()
    assert page.input_value("#input-y").startswith("1, 3, 5")
    page.get_by_text("over all 12 examples").wait_for()
    watched.assert_clean()


def test_more_rows_than_the_limit_are_refused(open_page):
    watched, page = open_import(open_page, "/batches")
    page.fill("#input-paste", "\n".join(f"{i} {i}" for i in range(501)))
    page.get_by_role("button", name="Use these points").click()
    page.locator("#error-paste").get_by_text("the limit is 500").wait_for()
    watched.assert_clean()
