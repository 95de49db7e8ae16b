"""uvicorn in a background thread on a free loopback port: for the browser tests and the load
benchmark, which need a real server (real sockets, real multipart, real worker processes)."""
from __future__ import annotations

import contextlib
import threading
import time


@contextlib.contextmanager
def running(config=None, *, host: str = "127.0.0.1", port: int = 0, timeout: float = 60.0):
    """Yields the base URL (``http://127.0.0.1:PORT``); stops the server and its pool on exit."""
    import uvicorn

    from .app import create_app

    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                           server_header=False, lifespan="on"))
    server.install_signal_handlers = lambda: None  # not the main thread
    thread = threading.Thread(target=server.run, name="zr-web-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("the web server did not start")
        time.sleep(0.02)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(timeout)
