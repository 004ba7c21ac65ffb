"""The documents benchmark cannot rot: it runs once on a small file on both stores."""

from benchmarks import bench_documents
from tests.conftest import PG_HOST, PG_PORT, PG_USER


def test_the_documents_benchmark_measures_both_stores_and_the_plain_copy(pg_database):
    dsn = f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname={pg_database.rsplit('/', 1)[1]}"
    out = bench_documents.run(dsn, mib=1, rounds=1)
    for store in ("postgres", "sqlite"):
        figures = out[store]
        assert figures["upload_mib_s"] > 0 and figures["download_mib_s"] > 0
        assert figures["plain_copy_mib_s"] > 0
    assert "plain copy" in out["table"] and "postgres" in out["table"]
