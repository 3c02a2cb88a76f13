"""The committees' section of a bundle: committee_members.csv (who held which post, when).

Each post goes through ``committee_post_assign`` (the same rules as the web form); a post
already recorded identically is skipped, so importing a bundle twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dangvien.committees.choices import Post
from dangvien.committees.models import CommitteePost
from dangvien.committees.services import committee_post_assign
from dangvien.interchange.problems import (
    Problem,
    read_date,
    required,
    unknown_value,
    write_row,
)
from dangvien.interchange.sections import BundleFile, Column, ExportContext, ImportContext
from dangvien.members.models import Member
from dangvien.organizations.interchange import (
    DATE,
    exported_organizations,
    organization_ids,
    unknown_code,
)
from dangvien.organizations.models import Organization

NAME_LIMIT = CommitteePost._meta.get_field("person_name").max_length or 0
POSTS = gettext_lazy(
    "secretary (bí thư), deputy_secretary (phó bí thư), standing_member (ủy viên ban thường "
    "vụ), member (cấp ủy viên)"
)
FILE = BundleFile(
    "committee_members.csv",
    gettext_lazy("Who held which committee post, from when to when."),
    (
        Column(
            "organization_code",
            gettext_lazy("Code of the organization whose committee it is."),
            mandatory=True,
        ),
        Column("member_id", gettext_lazy("Key of the member holding the post.")),
        Column("post", format_lazy(gettext_lazy("Post: {posts}."), posts=POSTS), mandatory=True),
        Column("from", format_lazy("{} {}", gettext_lazy("In post from."), DATE), mandatory=True),
        Column("to", format_lazy("{} {}", gettext_lazy("Until; empty while in post."), DATE)),
        Column(
            "full_name",
            gettext_lazy("Full name (optional, when the holder is not in members)."),
            extension=True,
        ),
    ),
)


@dataclass(frozen=True)
class CommitteesSection:
    # no fields: equal instances, so that a second ready() (tests) registers the same value
    label = gettext_lazy("Committee posts")
    files = (FILE,)
    counts = {"posts_created": gettext_lazy("Committee posts")}

    def load(self, context: ImportContext) -> None:
        bundle, problems = context.bundle, context.problems
        if not bundle.has(FILE.name):
            return
        org_ids = organization_ids(context)
        # the names of the members the file names (not every member of the database)
        keys = sorted({row.get("member_id") for row in bundle.rows(FILE.name)} - {""})
        names: dict[str, str] = {}
        for start in range(0, len(keys), 5000):
            names.update(
                Member.objects.filter(member_key__in=keys[start : start + 5000]).values_list(
                    "member_key", "full_name"
                )
            )
        for row in bundle.rows(FILE.name):
            code, post = row.get("organization_code"), row.get("post")
            held_from = read_date(row, "from", problems, mandatory=True)
            held_to = read_date(row, "to", problems)
            if code not in org_ids:
                problems.append(
                    Problem(row.file, row.line, "organization_code", unknown_code(code))
                )
                continue
            if post not in Post.values:
                problems.append(Problem(row.file, row.line, "post", unknown_value(post)))
                continue
            key = row.get("member_id")
            if key and key not in names and not row.get("full_name"):
                # a key that names no member is a typing mistake unless the holder is named
                problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "member_id",
                        _("no member %(key)s; give full_name for a holder who is not a member")
                        % {"key": key},
                    )
                )
                continue
            person = names.get(key) or " ".join(row.get("full_name").split())
            if not person:
                problems.append(Problem(row.file, row.line, "member_id", required()))
                continue
            if len(person) > NAME_LIMIT:
                problems.append(
                    Problem(
                        row.file,
                        row.line,
                        "full_name",
                        _("longer than %(limit)s characters") % {"limit": NAME_LIMIT},
                    )
                )
                continue
            if held_from is None:
                continue
            if CommitteePost.objects.filter(
                organization_id=org_ids[code],
                post=post,
                person_key=key,
                person_name=person,
                held_from=held_from,
            ).exists():
                continue
            organization = Organization.objects.get(pk=org_ids[code])
            write_row(
                context,
                row,
                partial(
                    committee_post_assign,
                    actor=context.actor,
                    organization=organization,
                    post=post,
                    person_name=person,
                    person_key=key,
                    held_from=held_from,
                    held_to=held_to,
                ),
                count="posts_created",
                column="from",
                # the service names its arguments; the problem names the column of the file
                columns={"held_from": "from", "held_to": "to", "person_name": "member_id"},
            )

    def export(self, context: ExportContext) -> None:
        posts = CommitteePost.objects.all()
        scope = exported_organizations(context)
        if scope is not None:
            posts = posts.filter(organization_id__in=scope)
        codes = dict(Organization.objects.values_list("pk", "code"))
        with context.open(FILE.name) as out:
            for post in posts.order_by("organization_id", "held_from", "id"):
                out.write(
                    {
                        "organization_code": codes[post.organization_id],
                        "member_id": post.person_key,
                        "post": post.post,
                        "from": _iso(post.held_from),
                        "to": _iso(post.held_to),
                        "full_name": post.person_name,
                    }
                )


def _iso(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]
