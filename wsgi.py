from elearn import create_app

app = create_app()
