"""Page families: each module builds its page data once and serves it twice,
as HTML and as its JSON twin under ``/api``."""
