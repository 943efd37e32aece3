"""A bare Flask app for the load benchmark: what gunicorn and Flask alone cost on this machine."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Xin chào"
