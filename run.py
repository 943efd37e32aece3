"""WSGI entry point: ``gunicorn run:app`` or ``flask --app run ...``."""
from app import create_app
from app.extensions import db
from app.models import Case, Organization, Product, User

app = create_app()


@app.shell_context_processor
def shell_context():
    return {"db": db, "User": User, "Organization": Organization, "Product": Product, "Case": Case}
