"""An upload on its way in: written to an unnamed temporary file, hashed and counted."""

import hashlib
import tempfile
from pathlib import Path

from application.documents import Upload
from application.errors import FileTooLarge


class Spool:
    """Receives a file's bytes chunk by chunk, within a size limit.

    The temporary file has no name (O_TMPFILE on Linux): if the process is killed mid-upload
    the kernel frees it, so a killed upload leaves nothing behind on disk.
    """

    def __init__(self, limit: int, directory: Path | None = None) -> None:
        self.limit = limit
        self.size = 0
        self._hash = hashlib.sha256()
        self.file = tempfile.TemporaryFile(dir=directory)

    def write(self, chunk: bytes) -> None:
        """Add bytes; over the limit the upload is refused (413) and its bytes dropped."""
        self.size += len(chunk)
        if self.size > self.limit:
            self.close()
            raise FileTooLarge(self.limit)
        self._hash.update(chunk)
        self.file.write(chunk)

    def upload(self, name: str, declared_type: str | None) -> Upload:
        """The received file, rewound, ready to be checked and kept."""
        self.file.flush()
        self.file.seek(0)
        return Upload(self.file, self._hash.hexdigest(), self.size, name, declared_type)

    def close(self) -> None:
        """Drop the temporary file."""
        self.file.close()

    def __enter__(self) -> "Spool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
