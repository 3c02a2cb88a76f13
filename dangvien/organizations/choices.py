from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    """Kinds of party organization, as in the interchange contract (§2 organizations.csv)."""

    CENTRAL = "central", _("Central level")
    PROVINCIAL = "provincial", _("Provincial party organization")
    UPPER_GRASSROOTS = "upper_grassroots", _("Upper-grassroots party organization")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
    GRASSROOTS_CELL = "grassroots_cell", _("Grassroots party cell")
    SUB_COMMITTEE = "sub_committee", _("Sub-committee")
    CELL = "cell", _("Party cell")


KIND_ORDER = {kind: index for index, kind in enumerate(OrganizationKind.values)}
GRASSROOTS_KINDS = frozenset(
    {OrganizationKind.GRASSROOTS_COMMITTEE, OrganizationKind.GRASSROOTS_CELL}
)
#: The kinds whose subtrees take seconds (a province at 1 million members) to minutes (at
#: national size, with the newer areas) to count: counted ahead after a change, and a page's
#: first counting of theirs done in the background.
LARGE_KINDS = (OrganizationKind.CENTRAL, OrganizationKind.PROVINCIAL)
CELL_KINDS = frozenset({OrganizationKind.CELL, OrganizationKind.GRASSROOTS_CELL})
# Kinds that must have a secretary (statistics: organizations_without_secretary).
SECRETARY_KINDS = frozenset(
    {
        OrganizationKind.GRASSROOTS_COMMITTEE,
        OrganizationKind.GRASSROOTS_CELL,
        OrganizationKind.SUB_COMMITTEE,
        OrganizationKind.CELL,
    }
)


class Sector(models.TextChoices):
    """Official type (loại hình) of grassroots organizations, and optional cell types."""

    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    AGENCY = "agency", _("Agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    NON_STATE_ENTERPRISE = "non_state_enterprise", _("Non-state enterprise")
    ARMY = "army", _("Army")
    POLICE = "police", _("Police")
    RESIDENTIAL = "residential", _("Residential unit")
    SCHOOL = "school", _("School")
    HEALTH = "health", _("Health")
    ENTERPRISE = "enterprise", _("Enterprise")
    OTHER = "other", _("Other")


GRASSROOTS_SECTORS = frozenset(
    {
        Sector.COMMUNE,
        Sector.WARD,
        Sector.TOWNSHIP,
        Sector.SPECIAL_ZONE,
        Sector.AGENCY,
        Sector.PUBLIC_SERVICE,
        Sector.STATE_ENTERPRISE,
        Sector.NON_STATE_ENTERPRISE,
        Sector.ARMY,
        Sector.POLICE,
        Sector.OTHER,
    }
)
CELL_SECTORS = frozenset(
    {
        Sector.RESIDENTIAL,
        Sector.SCHOOL,
        Sector.HEALTH,
        Sector.ENTERPRISE,
        Sector.AGENCY,
        Sector.OTHER,
    }
)


class ChangeType(models.TextChoices):
    CREATED = "created", _("founded")
    RENAMED = "renamed", _("renamed")
    RECLASSIFIED = "reclassified", _("kind changed")
    MOVED = "moved", _("moved")
    MERGED = "merged", _("merged into another")
    ABSORBED = "absorbed", _("absorbed another")
    SPLIT = "split", _("split")
    DISSOLVED = "dissolved", _("dissolved")
