"""A small threaded SMTP server for tests: speaks enough SMTP for smtplib, keeps what it gets."""

from __future__ import annotations

import email
import socketserver
import threading
import time
from dataclasses import dataclass, field
from email.message import Message


class _SinkServer(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    sink: SmtpSink


class _SmtpSession(socketserver.StreamRequestHandler):
    """One client connection: HELO/EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    server: _SinkServer

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        sink = self.server.sink
        self.reply("220 sink ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                if address in sink.refused:
                    self.reply("550 no such mailbox")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                sink.keep(recipients, self._read_data())
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return b"".join(lines)


@dataclass
class Received:
    """One message as the server got it."""

    recipients: list[str]
    message: Message


@dataclass
class SmtpSink:
    """An SMTP server on 127.0.0.1 that can be stopped and started again on the same port."""

    port: int = 0
    #: Addresses refused at RCPT with a 550.
    refused: set[str] = field(default_factory=set)
    #: Seconds to wait before accepting each message (to let deliverers overlap).
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: _SinkServer | None = None

    def start(self) -> SmtpSink:
        server = _SinkServer(("127.0.0.1", self.port), _SmtpSession)
        server.sink = self
        self.port = server.server_address[1]
        self._server = server
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        """Close the port: connections are refused until start() again."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def keep(self, recipients: list[str], data: bytes) -> None:
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.received.append(Received(recipients, email.message_from_bytes(data)))

    def recipients(self) -> list[str]:
        """Every recipient of every message received, in order."""
        with self._lock:
            return [address for item in self.received for address in item.recipients]
