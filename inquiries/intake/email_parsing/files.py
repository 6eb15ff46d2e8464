"""Mail files on disk: one .eml file, a folder of .eml files, or a Maildir."""

from __future__ import annotations

import os
from collections.abc import Iterator

MAILDIR_SUBDIRS = ("new", "cur")


def is_maildir(path: str) -> bool:
    return os.path.isdir(path) and any(os.path.isdir(os.path.join(path, sub)) for sub in MAILDIR_SUBDIRS)


def read_mail_file(path: str, *, max_bytes: int | None = None) -> bytes:
    """A message file, at most ``max_bytes + 1`` bytes of it (enough to tell
    that it is over the limit without reading a huge file whole)."""
    with open(path, "rb") as handle:
        return handle.read() if max_bytes is None else handle.read(max_bytes + 1)


def iter_mail_files(path: str, *, max_bytes: int | None = None) -> Iterator[tuple[str, bytes]]:
    """(name, raw bytes) for each message under ``path``, in a stable order:

    - a file: that file (whatever its extension);
    - a Maildir (has new/ or cur/): new/ then cur/, each by file name (Maildir
      names start with the delivery time), hidden files and tmp/ skipped;
    - any other folder: its ``*.eml`` files by name (not recursive).

    The name is the file's path. Files are read one at a time, each at most
    ``max_bytes + 1`` bytes when a limit is given.
    """
    path = os.fspath(path)
    if os.path.isfile(path):
        yield path, read_mail_file(path, max_bytes=max_bytes)
        return
    if not os.path.isdir(path):
        raise FileNotFoundError(path)
    if is_maildir(path):
        folders = [os.path.join(path, sub) for sub in MAILDIR_SUBDIRS if os.path.isdir(os.path.join(path, sub))]
        chosen = [
            (folder, name)
            for folder in folders
            for name in sorted(os.listdir(folder))
            if not name.startswith(".") and os.path.isfile(os.path.join(folder, name))
        ]
    else:
        chosen = [
            (path, name)
            for name in sorted(os.listdir(path))
            if name.lower().endswith(".eml") and not name.startswith(".") and os.path.isfile(os.path.join(path, name))
        ]
    for folder, name in chosen:
        full = os.path.join(folder, name)
        yield full, read_mail_file(full, max_bytes=max_bytes)
