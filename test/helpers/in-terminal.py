#!/usr/bin/env python3
"""Runs a command in a pseudo-terminal, as a person at a terminal would, answering its questions.

Usage: in-terminal.py ANSWERS_JSON COMMAND [ARG...]
ANSWERS_JSON is a list of [pattern, text]: once the output (since the last answer) matches the
pattern (a Python regex), the text is typed. Prints everything the command wrote, then exits with
its exit code. Gives up after 90 seconds (exit 124).
"""
import fcntl
import json
import os
import pty
import struct
import termios
import re
import select
import signal
import sys
import time

answers = json.loads(sys.argv[1])
argv = sys.argv[2:]
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
# A terminal of 24 rows and 100 columns, as a person's would be (a new one has none).
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))

seen = b""
since = 0
next_answer = 0
deadline = time.time() + 90
while True:
    if time.time() > deadline:
        os.kill(pid, signal.SIGKILL)
        sys.stdout.write(seen.decode("utf-8", "replace"))
        sys.exit(124)
    ready, _, _ = select.select([fd], [], [], 0.1)
    if fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        seen += data
    if next_answer < len(answers):
        pattern, text = answers[next_answer]
        if re.search(pattern, seen[since:].decode("utf-8", "replace")):
            os.write(fd, text.encode())
            since = len(seen)
            next_answer += 1

_, status = os.waitpid(pid, 0)
sys.stdout.write(seen.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
