"""A bare Flask hello-world, served by the benchmark the same way, for comparison."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
