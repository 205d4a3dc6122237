"""The masked samples of personal data found by the check (migration 003).

They are kept apart from the resource's ``validation_report`` (which is in
every ``package_show`` and in the search index) so that only the dataset's
staff ever read them (``report.samples``).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

import ckan.plugins.toolkit as tk


class PersonalDataSample(tk.BaseModel):
    __tablename__ = "laodata_personal_data_sample"

    resource_id: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    column: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    kind: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    package_id: Mapped[str] = mapped_column(sa.Text, nullable=False, index=True)
    sample: Mapped[str] = mapped_column(sa.Text, nullable=False)
