"""Parsers of the optional sections of ``engagement.yaml``: the input edge.

Each module here (``outlook``, ``retention``, ``spc``) exposes ``parse(raw, ctx) -> config``, where
``raw`` is the section's YAML mapping and ``ctx`` a :class:`~cxconsult.sections.base.SectionContext`;
it returns a frozen dataclass of validated inputs and raises ``EngagementError`` naming the file and
field. A section may be written inline in ``engagement.yaml`` or as the name of a YAML file in the
engagement folder (``outlook: outlook.yaml``). Models never read files; these parsers do.
"""
