#!/usr/bin/env python3
"""A loopback SMTP server for the outbox tests and bench (Debian's python3-aiosmtpd).

    python3 smtp_sink.py --port PORT --dir DIR

Accepts every message and writes each one, as received, to DIR/NNNNNNNN.eml (written to a
temporary name first, then renamed, so a file that exists is complete). Prints "ready" once it
listens; stops on SIGTERM or SIGINT. Advertises no STARTTLS and needs no login.
"""
import argparse
import itertools
import os
import signal
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.counter)
        final = os.path.join(self.directory, "%08d.eml" % n)
        with open(final + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(final + ".tmp", final)
        return "250 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=args.port)
    controller.start()
    print("ready", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
