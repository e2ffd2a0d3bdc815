"""The app as gunicorn serves it in the voting benchmark (its own settings come from the environment)."""
from server import create_app

app = create_app()
