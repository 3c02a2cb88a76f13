"""What apps add to the shared pages, registered in their ``AppConfig.ready()``.

* ``navigation``: the items of the main menu (``base.html`` shows those the user may use);
* ``organization_links``: links on the organization page, grouped in titled cards;
* ``organization_panels``: sections of the organization page (below its facts);
* ``member_panels``: sections of the member page;
* ``dashboard_panels``: sections of an organization's dashboard (below its charts, asked with the
  dashboard's date), each scoped to the subtree and to what the user may see;
* ``inbox``: providers of the lines of a user's to-do inbox (what waits for them, with a count
  and a link), each scoped to what the user may act on;
* ``counted_ahead``: what a page keeps until the next change of the data that the background
  worker counts again right after a change, for the readers of the large subtrees
  (``web.ahead``), so that no request of theirs pays a first counting.

A panel is a template and a function that returns its context, or ``None`` to hide it (no
right, nothing to show). The page that shows panels never names the apps that give them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.functional import Promise

from dangvien.accounts.permissions import Permission
from dangvien.accounts.scoping import granted_paths
from dangvien.core.registry import Registry

if TYPE_CHECKING:
    from dangvien.accounts.types import Actor

Label = str | Promise


@dataclass(frozen=True)
class NavItem:
    """A main-menu entry: shown to those granted ``permission`` somewhere (everyone logged in
    when ``None``); ``keep_as_of`` carries the page's date into the link."""

    label: Label
    url_name: str
    permission: Permission | None = None
    keep_as_of: bool = False
    # shown only when this returns true for the user (e.g. the portal, to members with an account)
    visible: Callable[[Actor], bool] | None = None
    # the page a user who may see no organization lands on when the item is visible to them
    # (the member's handbook), instead of an empty organization tree
    landing: bool = False


@dataclass(frozen=True)
class PanelContext:
    """What a panel is asked about: the request, who asks, the page's subject and its date."""

    request: HttpRequest
    actor: Actor
    subject: Any
    on: date
    state: Any = None


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[PanelContext], dict[str, Any] | None]


@dataclass(frozen=True)
class ShownPanel:
    key: str
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class PageLink:
    """A link in a titled group of links on a page (``section`` is the group's title);
    ``url`` returns ``None`` to hide it."""

    section: Label
    label: Label
    url: Callable[[PanelContext], str | None]


@dataclass(frozen=True)
class LinkGroup:
    title: Label
    links: list[tuple[Label, str]]


@dataclass(frozen=True)
class InboxItem:
    """A line of a user's to-do inbox: what waits for them, how many, and where to act."""

    label: Label
    count: int
    url: str
    overdue: int = 0


@dataclass(frozen=True)
class CountedAhead:
    """A part of a page kept until the next change (``audit.selectors.cached_until_write``),
    computed and kept by calling it as the page would: ``for_reader(actor, on)`` what one
    reader sees (their inbox, their tree), ``for_organization(organization, on)`` what every
    reader of an organization sees (its dashboard's figures)."""

    for_reader: Callable[[Actor, date], object] | None = None
    for_organization: Callable[[Any, date], object] | None = None


# A provider returns the lines it has for ``actor`` today (none when nothing waits).
InboxProvider = Callable[["Actor"], list[InboxItem]]

navigation: Registry[NavItem] = Registry("navigation")
inbox: Registry[InboxProvider] = Registry("inbox")
organization_links: Registry[PageLink] = Registry("organization links")
organization_panels: Registry[Panel] = Registry("organization panels")
member_panels: Registry[Panel] = Registry("member panels")
dashboard_panels: Registry[Panel] = Registry("dashboard panels")
counted_ahead: Registry[CountedAhead] = Registry("counted ahead")


def visible_navigation(actor: Actor) -> list[NavItem]:
    """The menu items ``actor`` may use, in their registered order."""
    if not actor.is_authenticated:
        return []
    return [
        item
        for item in navigation
        if (item.permission is None or granted_paths(actor, item.permission) != [])
        and (item.visible is None or item.visible(actor))
    ]


def shown_panels(registry: Registry[Panel], context: PanelContext) -> list[ShownPanel]:
    """The panels of a page that have something to show, with their context."""
    shown = []
    for key, panel in registry.items():
        data = panel.context(context)
        if data is not None:
            shown.append(ShownPanel(key, panel.template, data))
    return shown


def shown_links(registry: Registry[PageLink], context: PanelContext) -> list[LinkGroup]:
    """The links of a page that apply, grouped by their section in registration order."""
    groups: dict[str, LinkGroup] = {}
    for link in registry:
        url = link.url(context)
        if url is None:
            continue
        group = groups.setdefault(str(link.section), LinkGroup(link.section, []))
        group.links.append((link.label, url))
    return list(groups.values())


def page_url(url_name: str, *args: Any, on: date | None = None) -> str:
    """``reverse(url_name, args)`` keeping the page's date when it is not today."""
    from django.urls import reverse

    from dangvien.core.dates import today

    url = reverse(url_name, args=args)
    return f"{url}?as_of={on.isoformat()}" if on is not None and on != today() else url


def inbox_items(actor: Actor) -> list[InboxItem]:
    """Every line waiting for ``actor``, in the providers' registered order."""
    if not actor.is_authenticated:
        return []
    return [item for provider in inbox for item in provider(actor) if item.count]
