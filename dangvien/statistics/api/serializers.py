"""Shape of the statistics of §3 of the interchange contract, for the OpenAPI document."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StatisticsQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False,
        help_text=_("Date (YYYY-MM-DD) at the end of which the subtree is counted; default today."),
    )
    format = serializers.ChoiceField(
        choices=["json", "text"],
        required=False,
        default="json",
        help_text=_('json: the figures; text: the Vietnamese summary as {"text": …}.'),
    )
    combined = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "For a day before the organization was founded by a merge: the combined figures of "
            "its predecessors standing that day, marked with combined_from (without it, such a "
            "day is refused with 400 naming the predecessors)."
        ),
    )


class StatisticsCountingSerializer(serializers.Serializer):
    """A large subtree's first counting under way in the background (202)."""

    message = serializers.CharField()
    part = serializers.CharField(help_text=_("The part being counted: members (§3) or a §4 key."))
    title = serializers.CharField()
    step = serializers.IntegerField(help_text=_("Its rank from 1; 0 before the worker began."))
    steps = serializers.IntegerField()
    waited_seconds = serializers.IntegerField()


class StatisticsOrganizationSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()


class StatisticsDirectSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    grassroots = serializers.IntegerField()
    upper_grassroots = serializers.IntegerField()
    other = serializers.IntegerField()


class StatisticsGrassrootsSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    committees = serializers.IntegerField()
    cells = serializers.IntegerField()
    territorial_committees = serializers.IntegerField()
    by_sector = serializers.DictField(child=serializers.IntegerField())


class StatisticsMembersSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    official = serializers.IntegerField()
    probationary = serializers.IntegerField()
    female = serializers.IntegerField()
    exempted = serializers.IntegerField()
    temporarily_away = serializers.IntegerField()
    in_transit = serializers.IntegerField()


class StatisticsAdmissionsSerializer(serializers.Serializer):
    # "from" is a Python keyword: declared below through the fields mapping.
    to = serializers.DateField()
    count = serializers.IntegerField()

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        return {"from": serializers.DateField(), **fields}


class StatisticsTargetSerializer(serializers.Serializer):
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    admissions = serializers.IntegerField()
    percent_achieved = serializers.FloatField(allow_null=True)
    members_per_population_percent = serializers.FloatField(allow_null=True)


class StatisticsPredecessorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    last_name = serializers.CharField()
    kind = serializers.CharField()


class StatisticsSerializer(serializers.Serializer):
    """The statistics of a subtree at a date (interchange contract §3)."""

    organization = StatisticsOrganizationSerializer()
    as_of = serializers.DateField()
    direct_subordinates = StatisticsDirectSerializer()
    grassroots = StatisticsGrassrootsSerializer()
    sub_committees = serializers.IntegerField()
    cells = serializers.IntegerField()
    organizations_without_secretary = serializers.IntegerField()
    members = StatisticsMembersSerializer()
    population = serializers.IntegerField(allow_null=True)
    members_per_population_percent = serializers.FloatField(allow_null=True)
    admissions = StatisticsAdmissionsSerializer()
    admission_target = StatisticsTargetSerializer(allow_null=True)
    combined_from = StatisticsPredecessorSerializer(
        many=True,
        required=False,
        help_text=_(
            "Only with combined=true for a day before the founding: the predecessors whose "
            "figures are added up."
        ),
    )


class StatisticsTextSerializer(serializers.Serializer):
    text = serializers.CharField()
