"""gunicorn settings of the production shape (`make serve`, docs/deployment.md).

Sync workers: a request of dangvien is a few database queries and a template, bound by the
CPU of Python and the database, not by waiting on the network; a process per request keeps
one slow page from stalling the others (measured against granian in docs/benchmarks.md).
Every value can be changed by an environment variable.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("DANGVIEN_BIND", "127.0.0.1:8000")
# (2 × processors) + 1: while one worker waits on PostgreSQL another uses the processor.
workers = int(os.environ.get("DANGVIEN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# The application is imported once, before the workers fork: less memory, and a broken
# configuration fails at start, not at the first request.
preload_app = True
# A page slower than this is a defect to fix; the worker is replaced rather than kept busy.
timeout = int(os.environ.get("DANGVIEN_TIMEOUT", "60"))
graceful_timeout = 30
# Workers are replaced after about this many requests (bounds any slow growth of memory).
max_requests = int(os.environ.get("DANGVIEN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The request log is Django's (dangvien.request, JSON with DANGVIEN_LOG_FORMAT=json).
accesslog = None
errorlog = "-"
# The reverse proxy's address, whose X-Forwarded-* headers are believed.
forwarded_allow_ips = os.environ.get("DANGVIEN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket (gunicorn 27 opens one in the home folder by default, shared by every
# server of the same user on the machine); nothing here uses it.
control_socket_disable = True


def pre_fork(server: object, worker: object) -> None:
    """Before each worker is forked from the preloaded master: what the application loaded is
    moved out of the garbage collector's reach (``gc.freeze``). The workers' collections then
    no longer walk the ~180 000 objects of Django and the apps at every full pass, and the
    pages of memory they sit in stay shared with the master (a collection writes to every
    object it visits, which copies its page into the worker)."""
    import gc

    from dangvien.core.cache import release

    release()  # the cache keys' digest of the code, read once here rather than in each worker
    gc.collect()
    gc.freeze()
