"""``make app``: the explainer served by Voilà, with its responses compressed.

Voilà applies its ``tornado_settings`` after it has built its web application, too late for tornado's
``compress_response`` (read when the application is built), so the app's pages, scripts and plotly.js went
out uncompressed. This launcher is Voilà itself with that one setting honoured; every other setting comes
from ``app/config/voila.json`` (pre-heated kernels, compression of the kernel WebSocket, the extensions a
page loads). Run: ``python -m stargate.app NOTEBOOK_FOLDER [voila options]``.
"""
from __future__ import annotations

import sys

import tornado.web
from voila.app import Voila


class App(Voila):
    """Voilà, compressing responses when ``Voila.tornado_settings`` asks for it (``compress_response``)."""

    def listen(self):
        if self.tornado_settings.get("compress_response") and \
                tornado.web.GZipContentEncoding not in self.app.transforms:
            self.app.transforms.append(tornado.web.GZipContentEncoding)
        super().listen()


main = App.launch_instance

if __name__ == "__main__":
    sys.exit(main())
