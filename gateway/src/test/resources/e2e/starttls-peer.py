"""An outside SMTP server that offers STARTTLS, for the TLS-only delivery test (TlsOnlyDeliveryIT).

Runs Debian's aiosmtpd (python3-aiosmtpd) on 127.0.0.1 with the given certificate and key. STARTTLS is offered
but not required, so that a client which sends in clear is recorded as such rather than refused. Records, in the
output directory:
  events.log    one line per EHLO: "ehlo tls" or "ehlo clear" (a client that rejects the certificate after
                STARTTLS leaves a "clear" line and no "tls" line)
  N.json, N.eml each message: envelope and TLS protocol/cipher (null in clear), and the message as received
Prints "ready PORT" once it accepts connections; runs until terminated.
"""
import argparse
import json
import os
import signal
import ssl
import threading

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    def _event(self, line):
        with self.lock, open(os.path.join(self.directory, "events.log"), "a", encoding="utf-8") as log:
            log.write(line + "\n")

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self._event("ehlo tls" if session.ssl is not None else "ehlo clear")
        return responses

    async def handle_DATA(self, server, session, envelope):
        tls = None
        if session.ssl is not None:
            ssl_object = session.ssl.get("ssl_object")
            cipher = session.ssl.get("cipher")
            tls = {"protocol": ssl_object.version() if ssl_object else None,
                   "cipher": cipher[0] if cipher else None}
        with self.lock:
            self.count += 1
            number = self.count
        base = os.path.join(self.directory, str(number))
        with open(base + ".eml.tmp", "wb") as out:
            out.write(envelope.original_content or envelope.content)
        os.replace(base + ".eml.tmp", base + ".eml")
        meta = {"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "tls": tls}
        with open(base + ".json.tmp", "w", encoding="utf-8") as out:
            json.dump(meta, out)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 OK stored"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    controller = Controller(Recorder(args.dir), hostname="127.0.0.1", port=args.port,
                            tls_context=context, require_starttls=False, decode_data=False,
                            server_hostname="peer.partner-tls.example")
    controller.start()
    print("ready %d" % args.port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
