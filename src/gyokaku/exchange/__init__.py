"""Excel and CSV exchange (様式のやりとり): a department downloads its items of a fiscal year,
fills them in offline and uploads them; every change goes through the same services as a page.

- ``sheets``: the interface (export, parse, apply) that pages and commands call.
- ``columns``/``current``: what a sheet holds and the database's current values of it.
- ``xlsx_export``/``xlsx_read``/``csv_io``: the file formats, each turned into a ``RawBook``.
- ``compare``: a ``RawBook`` against the database → problems and changes; ``apply`` writes them.
"""
