"""The OA system as a FastAPI application (see app.py) and its daily sweep job (sweep.py)."""
