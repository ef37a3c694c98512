"""Extensions created unbound; `create_app` binds them."""

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from htmx_flask import Htmx

csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()
compress = Compress()
login_manager = LoginManager()
# No default limits: each form that can be abused names its own, so a busy public page is
# never refused because someone else on a shared address searched a lot.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
