import pytest
from flask import Flask

from elearn.quiz.cli import quiz_cli


@pytest.fixture
def cli():
    """The ``flask quiz`` commands on a bare app: the dry runs need no database."""
    app = Flask(__name__)
    app.cli.add_command(quiz_cli)
    return app.test_cli_runner()
