"""Every certificate the demo issues, course and trainer alike, is genuine on its public page."""

from click.testing import CliRunner
from sqlalchemy import select

from elearn.certificates.models import Certificate
from elearn.extensions import db

NOT_GENUINE = "The signature of this certificate does not match"


def test_every_demo_certificate_verifies_on_its_public_page(app, client):
    runner = CliRunner()
    for command in (
        ["courses", "import", "--all"],
        ["trainers", "import-programmes"],
        ["elearn", "demo"],
    ):
        result = runner.invoke(app.cli, command)
        assert result.exit_code == 0, result.output
    certificates = list(db.session.scalars(select(Certificate)))
    assert {certificate.kind for certificate in certificates} == {"course", "trainer"}

    for certificate in certificates:
        response = client.get(f"/verify/{certificate.serial}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert certificate.holder_latin_name in page
        assert NOT_GENUINE not in page, f"{certificate.kind} certificate {certificate.serial}"
