from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.extensions import db


class Country(db.Model):
    """A country by ISO 3166 code; its name comes from CLDR in each locale."""

    __tablename__ = "countries"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(2), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    is_partner: Mapped[bool] = mapped_column(default=False)

    agencies: Mapped[list["Agency"]] = relationship(
        back_populates="country", order_by="Agency.name_en"
    )

    def __repr__(self) -> str:
        return f"<Country {self.code}>"


class Agency(db.Model):
    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("country_id", "name_en"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))

    country: Mapped[Country] = relationship(back_populates="agencies")

    def __repr__(self) -> str:
        return f"<Agency {self.name_en}>"
