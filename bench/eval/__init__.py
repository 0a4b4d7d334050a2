"""Extraction accuracy against human coding: FA-KES, UCDP GED and WikiEvents.

Each dataset module turns corpus records and our Extractor's output into a ``DatasetResult``
(metrics, confusions, worst failures); ``bench/run_eval.py`` is the only command line. The scoring
helpers live in ``common`` so tests can check them on hand-written values without the corpus.
"""
