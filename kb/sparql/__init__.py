"""What every front door (``kb`` CLI, ``kb serve``, the Slack bot) needs to know about SPARQL
text and its results, in one place so the doors cannot disagree: the kind of a query
(``kinds``), the names and media types of the formats we read and write (``formats``), and a
result as a plain-text table (``tables``). Nothing here imports a store or a model.
"""
