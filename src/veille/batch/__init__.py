"""Batch: the pipeline over large collections, on this machine or on a Ray cluster.

``veille batch INPUT... --out DIR`` reads every input (WARC, JSON Lines, Parquet of documents, folders and
globs of them) as numbered records, cut into parts of ``part_records`` consecutive records. Each part is
processed by an engine (``local``: veille's worker processes; ``ray``: Ray Data actors) and written as one
Parquet file in each of ``DIR/documents/``, ``DIR/events/`` and ``DIR/errors/`` (a folder per input, a
file per part), each file under a temporary name then renamed; ``DIR/manifest.json`` lists the parts
written, and is updated only after their files are in place. A re-run skips the parts the manifest
lists; a part written but not listed (a run killed between the two) is written again under the same
name: every record is in the output exactly once.

Modules, in the order a batch flows through them: ``inputs`` (expand folders and globs, read records),
``manifest`` (what is done), ``output`` (records → Parquet tables, atomic part files, reading them back),
``local`` and ``ray_engine`` (the engines), ``run`` (the batch: plan, engine, summary).

The entry point is :func:`veille.batch.run.run_batch`; nothing is imported here, so that the CLI's start
(every command's) does not pay for pyarrow.
"""
