"""Rules of the admission pipeline that the initial rulebook does not hold."""

from typing import Any

from django.db import migrations

RULES: list[dict[str, Any]] = [
    dict(
        key="admissions.priority_cell_sectors",
        value=["residential", "school", "enterprise", "health"],
        unit="list",
        effective_from="2011-01-19",
        title="Loại hình chi bộ cần ưu tiên tạo nguồn khi chưa có đảng viên (xóa 'trắng' đảng viên)",
        source="Chỉ thị, kế hoạch xóa thôn, tổ dân phố, trường học, doanh nghiệp chưa có đảng viên "
        "(tổng hợp, chưa dẫn điều khoản)",
        confidence="unconfirmed",
        note="Tham số nghiệp vụ của hệ thống; điều chỉnh theo chỉ đạo của cấp ủy.",
    ),
    dict(
        key="admissions.due_soon_working_days",
        value=10,
        unit="working_days",
        effective_from="2011-01-19",
        title="Báo trước khi đến hạn (ngày làm việc) trong danh sách và thư nhắc hằng ngày",
        source="Tham số vận hành của hệ thống, không phải quy định của Đảng",
        confidence="unconfirmed",
        note="",
    ),
]


def load(apps: Any, schema_editor: Any) -> None:
    rule_parameter = apps.get_model("rules", "RuleParameter")
    for row in RULES:
        rule_parameter.objects.get_or_create(
            key=row["key"], effective_from=row["effective_from"], defaults=row
        )


def unload(apps: Any, schema_editor: Any) -> None:
    rule_parameter = apps.get_model("rules", "RuleParameter")
    rule_parameter.objects.filter(key__in=[r["key"] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0001_initial"),
        ("rules", "0002_initial_rulebook"),
    ]

    operations = [migrations.RunPython(load, unload)]
