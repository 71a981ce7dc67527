#!/usr/bin/env python3
"""Two local HTTP origins for recording HTTP Request workflows (n8n-recorded/HttpRequest/).

Origin "a" listens on 127.0.0.1:18931, origin "b" on 127.0.0.1:18932 (or the ports given as arguments).
N8nRecordedTest replays the same contract with io.hetumind.nodes.conformance.EchoOrigins on free ports:
keep the two in step.

  /redirect?status=N&to=URL   answers N (default 302) with Location: URL and no body
  anything else               answers 200 application/json describing the request:
                              {origin, method, path, query, authorization, xMulti, contentType, body}
                              (header values of one name joined with ", "; absent ones null)
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from threading import Thread
from urllib.parse import parse_qs, urlsplit


def handler(origin):
    class Echo(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def header(self, name):
            values = self.headers.get_all(name)
            return ", ".join(values) if values else None

        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
            url = urlsplit(self.path)
            if url.path == "/redirect":
                q = parse_qs(url.query)
                self.send_response(int(q.get("status", ["302"])[0]))
                self.send_header("Location", q["to"][0])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            out = json.dumps({
                "origin": origin,
                "method": self.command,
                "path": url.path,
                "query": url.query,
                "authorization": self.header("Authorization"),
                "xMulti": self.header("X-Multi"),
                "contentType": self.header("Content-Type"),
                "body": body,
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = answer

    return Echo


def main():
    ports = [int(p) for p in sys.argv[1:3]] or [18931, 18932]
    servers = [ThreadingHTTPServer(("127.0.0.1", p), handler(o)) for p, o in zip(ports, "ab")]
    for s in servers[1:]:
        Thread(target=s.serve_forever, daemon=True).start()
    print("echo origins on", ", ".join(f"127.0.0.1:{p}" for p in ports), flush=True)
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
