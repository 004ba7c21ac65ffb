"""Files kept in a directory by SHA-256, beside the embedded SQLite store.

A file is written to `.incoming/` under a temporary name, fsynced, and renamed into place
(`ab/abcdef...`), then the directory is fsynced: a reader sees the whole file or none. A crash
between the write and the rename can leave a `.part` file; it is swept when the store opens.
"""

import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from application.documents import Upload

CHUNK = 1024 * 1024


class DirectoryFileStore:
    """A content-addressed directory of files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.incoming = root / ".incoming"
        self.incoming.mkdir(parents=True, exist_ok=True)
        for leftover in self.incoming.glob("*.part"):
            leftover.unlink(missing_ok=True)

    def path(self, sha256: str) -> Path:
        """Where the bytes of a hash are kept (a hash is hex digits, never a user's name)."""
        if len(sha256) != 64 or not all(c in "0123456789abcdef" for c in sha256):
            raise ValueError("not a SHA-256 in hex")
        return self.root / sha256[:2] / sha256

    def put(self, upload: Upload) -> None:
        """Keep the bytes under their hash: temporary file, fsync, atomic rename, fsync dir."""
        final = self.path(upload.sha256)
        if final.exists():
            return
        final.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.incoming, suffix=".part")
        try:
            digest = hashlib.sha256()
            with os.fdopen(fd, "wb") as out:
                upload.file.seek(0)
                while block := upload.file.read(CHUNK):
                    digest.update(block)
                    out.write(block)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != upload.sha256:
                raise ValueError("the upload changed while it was being kept")
            os.replace(tmp, final)
            _fsync_dir(final.parent)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        finally:
            upload.file.seek(0)

    def chunks(self, sha256: str) -> Iterator[bytes]:
        """The file's bytes, a megabyte at a time (FileNotFoundError if it is not kept)."""
        handle = self.path(sha256).open("rb")
        return _read(handle)

    def digest(self, sha256: str) -> str | None:
        """The SHA-256 of what is kept under the hash now, or None if nothing is."""
        try:
            with self.path(sha256).open("rb") as f:
                h = hashlib.sha256()
                while block := f.read(CHUNK):
                    h.update(block)
                return h.hexdigest()
        except FileNotFoundError:
            return None

    def copy_to(self, sha256: str, target: Path) -> None:
        """Copy kept bytes out (tests and the benchmark compare with a plain copy)."""
        shutil.copyfile(self.path(sha256), target)


def _read(f: BinaryIO) -> Iterator[bytes]:
    try:
        while block := f.read(CHUNK):
            yield block
    finally:
        f.close()


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
