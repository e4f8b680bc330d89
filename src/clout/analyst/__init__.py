"""The analyst surface: what people do with scores (top lists, profiles, history, exports,
reports and a library of Cypher queries). Everything here only reads the graph; the score
properties it reads are fixed by ``docs/design.md``.
"""
