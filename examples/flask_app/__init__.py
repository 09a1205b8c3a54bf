"""The OA system as a Flask application (see app.py)."""
