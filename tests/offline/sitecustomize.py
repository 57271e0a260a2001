"""Network guard for the test run: any Python process that starts with this folder on PYTHONPATH and
STARGATE_OFFLINE=1 in its environment cannot open a network connection beyond this machine.

The root conftest.py turns it on for the whole `make test` run, so every notebook kernel (nbval, Voilà,
JupyterLab), the site build, the exports and the command line run the way a reader without network
would run them: any attempt fails loudly instead of quietly reaching the internet. Loopback (the
notebook servers, the kernels) and Unix sockets are allowed.
"""

from __future__ import annotations

import ipaddress
import os
import socket

MESSAGE = "network blocked by the offline test (STARGATE_OFFLINE=1): {target}"


def is_local(host) -> bool:
    if host in ("localhost", "", None) or str(host).endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _check(sock, address) -> None:
    if (
        sock.family in (socket.AF_INET, socket.AF_INET6)
        and isinstance(address, tuple)
        and not is_local(address[0])
    ):
        raise OSError(MESSAGE.format(target=f"{address[0]}:{address[1]}"))


def install() -> None:
    if getattr(socket, "_stargate_offline", False):
        return
    connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto
    getaddrinfo = socket.getaddrinfo

    def guarded_connect(self, address):
        _check(self, address)
        return connect(self, address)

    def guarded_connect_ex(self, address):
        _check(self, address)
        return connect_ex(self, address)

    def guarded_sendto(self, data, *args):
        _check(self, args[-1])
        return sendto(self, data, *args)

    def guarded_getaddrinfo(host, *args, **kwargs):  # no DNS look-up of outside names either
        if not is_local(host if not isinstance(host, bytes) else host.decode()):
            raise socket.gaierror(MESSAGE.format(target=host))
        return getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex = guarded_connect, guarded_connect_ex
    socket.socket.sendto = guarded_sendto
    socket.getaddrinfo = guarded_getaddrinfo
    socket._stargate_offline = True


if os.environ.get("STARGATE_OFFLINE") == "1":
    install()
