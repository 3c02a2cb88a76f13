"""Report differences read as labelled figures, not dotted keys (issue 18 §3)."""

from django.utils import translation

from dangvien.reports.wording import figure_label


def test_age_band_by_sex_reads_in_words():
    with translation.override("vi"):
        label = figure_label("breakdowns.age_bands.41_50.male")
    assert "41–50" in label
    assert "breakdowns" not in label and "male" not in label and "_" not in label


def test_a_drilldown_row_reads_as_the_organization_name():
    with translation.override("vi"):
        label = figure_label("drilldown.rows.X-MA.members", {"X-MA": "Đảng bộ xã Mỹ An"})
    assert "Đảng bộ xã Mỹ An" in label and "X-MA" not in label
