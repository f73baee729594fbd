"""authoring drafts of any lesson or quiz, unpublished courses

Revision ID: 11d5f241dad0
Revises: e0910c39df59
Create Date: 2026-11-28 23:26:12.198822

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '11d5f241dad0'
down_revision = 'e0910c39df59'
branch_labels = None
depends_on = None


ITEM_KIND = sa.Enum("lesson", "quiz", name="itemkind", native_enum=False, length=20)


def upgrade():
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_courses_created_by_id_users"), "users", ["created_by_id"], ["id"]
        )

    # Drafts name their lesson or quiz by course and stable id instead of by lesson row.
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("course_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("kind", ITEM_KIND, nullable=True))
        batch_op.add_column(sa.Column("slug", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("module_slug", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("front_matter", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("base_front_matter", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("editor_ids", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("removes", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    _name_items_by_id()
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        for column in ("course_id", "kind", "slug", "front_matter", "base_front_matter",
                       "editor_ids"):  # fmt: skip
            batch_op.alter_column(column, nullable=False)
        batch_op.drop_index(batch_op.f("ix_drafts_lesson_id"))
        batch_op.create_index(batch_op.f("ix_drafts_course_id"), ["course_id"], unique=False)
        batch_op.drop_constraint(batch_op.f("fk_drafts_lesson_id_lessons"), type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_drafts_course_id_courses"), "courses", ["course_id"], ["id"]
        )
        batch_op.drop_column("lesson_id")


def _name_items_by_id():
    """Existing drafts are English or translated lesson texts: name the lesson by course and
    id, and give English drafts the lesson's front matter as it is published."""
    drafts = sa.table(
        "drafts",
        sa.column("id", sa.Integer),
        sa.column("lesson_id", sa.Integer),
        sa.column("locale", sa.String),
        sa.column("course_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("slug", sa.String),
        sa.column("front_matter", sa.JSON),
        sa.column("base_front_matter", sa.JSON),
        sa.column("editor_ids", sa.JSON),
        sa.column("author_id", sa.Integer),
    )
    lessons = sa.table(
        "lessons",
        *(sa.column(name) for name in ("id", "course_id", "slug", "duration", "jurisdiction",
                                       "legal_basis", "review_by")),
    )  # fmt: skip
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(drafts.c.id.label("draft_id"), drafts.c.locale, drafts.c.author_id, lessons).join(
            lessons, lessons.c.id == drafts.c.lesson_id
        )
    ).mappings()
    for row in rows.all():
        optional = {"jurisdiction": row["jurisdiction"], "legal_basis": row["legal_basis"],
                    "review_by": str(row["review_by"]) if row["review_by"] else None}  # fmt: skip
        front_matter = {"duration": row["duration"]} | {k: v for k, v in optional.items() if v}
        front_matter = front_matter if row["locale"] == "en" else {}
        connection.execute(
            drafts.update()
            .where(drafts.c.id == row["draft_id"])
            .values(course_id=row["course_id"], kind="lesson", slug=row["slug"],
                    front_matter=front_matter, base_front_matter=front_matter,
                    editor_ids=[row["author_id"]])  # fmt: skip
        )


def downgrade():
    # Drafts of quizzes and of lessons not yet published have no lesson row to point to.
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lesson_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE drafts SET lesson_id = (SELECT id FROM lessons WHERE "
        "lessons.course_id = drafts.course_id AND lessons.slug = drafts.slug) "
        "WHERE kind = 'lesson'"
    )
    op.execute("DELETE FROM review_comments WHERE draft_id IN "
               "(SELECT id FROM drafts WHERE lesson_id IS NULL)")
    op.execute("DELETE FROM drafts WHERE lesson_id IS NULL")
    with op.batch_alter_table("drafts", schema=None) as batch_op:
        batch_op.alter_column("lesson_id", nullable=False)
        batch_op.drop_constraint(batch_op.f("fk_drafts_course_id_courses"), type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_drafts_lesson_id_lessons"), "lessons", ["lesson_id"], ["id"]
        )
        batch_op.drop_index(batch_op.f("ix_drafts_course_id"))
        batch_op.create_index(batch_op.f("ix_drafts_lesson_id"), ["lesson_id"], unique=False)
        for column in ("removes", "editor_ids", "base_front_matter", "front_matter", "module_slug", "slug",
                       "kind", "course_id"):  # fmt: skip
            batch_op.drop_column(column)

    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_courses_created_by_id_users"), type_="foreignkey")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("published")
